import { parseCidr, type ParsedIp } from './ip';
import type { FindingOptions } from './finding';
import { problem, type Problem } from './problems';
import type { LabelConfig } from './resolve-endpoint';
import { DEFAULT_DISAMBIGUATION_LABELS, DEFAULT_LABEL_PRIORITY, isUnstableLabelKey } from './stable-labels';
import { isValidLabelKey } from './label-validation';

/** {@link FindingOptions} with defaults applied and inputs validated. */
export interface FindingConfig {
  labels: LabelConfig;
  enforcing: ReadonlySet<string> | undefined;
  sampleSize: number;
  clusterCidrs: { ip: ParsedIp; prefix: number }[];
  dedupeWindow: number;
  /** Problems with the options themselves (LSP012). */
  problems: Problem[];
}

function usableKeys(keys: readonly string[], problems: Problem[]): string[] {
  const out: string[] = [];
  for (const key of keys) {
    if (isUnstableLabelKey(key) || !isValidLabelKey(key)) problems.push(problem('LSP012', { path: 'labelPriority' }));
    else if (!out.includes(key)) out.push(key);
  }
  return out;
}

/** Applies defaults: label priority, disambiguation keys, sample size 5, dedupe window 4096. */
export function resolveFindingConfig(options: FindingOptions = {}): FindingConfig {
  const problems: Problem[] = [];
  const priority = usableKeys(options.labelPriority ?? DEFAULT_LABEL_PRIORITY, problems);
  const disambiguation = usableKeys(options.disambiguationLabels ?? DEFAULT_DISAMBIGUATION_LABELS, problems);
  const clusterCidrs = (options.clusterCidrs ?? []).map(parseCidr).filter((c): c is NonNullable<typeof c> => !!c);
  return {
    labels: { priority, disambiguation },
    enforcing: options.enforcingNamespaces ? new Set(options.enforcingNamespaces) : undefined,
    sampleSize: Math.max(0, Math.floor(options.sampleSize ?? 5)),
    clusterCidrs,
    dedupeWindow: Math.max(0, Math.floor(options.dedupeWindow ?? 4096)),
    problems,
  };
}
