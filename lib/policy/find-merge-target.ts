import type { FindingSubject } from '../findings/finding';
import { problem, type Problem } from '../findings/problems';
import { NAMESPACE_LABEL } from '../findings/to-peer';
import { isCiliumPolicy, type EndpointSelector, type Rule } from './cnp-types';
import type { ParsedSource } from './parse-sources';
import { podLabelKey, selectorKey, selectorSelects } from './merge-selector';

/** Where suggested rules for a workload go: a rule (`spec` or `specs[i]`) of a document of a parsed source. */
export interface MergeTarget {
  sourceIndex: number;
  docIndex: number;
  rulePath: (string | number)[];
  policyName: string;
  namespace: string;
}

interface Candidate extends MergeTarget {
  score: number;
}

const NS_KEY = NAMESPACE_LABEL.slice('k8s:'.length);

function rulesOf(value: unknown): { rule: Rule; path: (string | number)[] }[] {
  if (!isCiliumPolicy(value) || value.kind !== 'CiliumNetworkPolicy') return [];
  const out: { rule: Rule; path: (string | number)[] }[] = [];
  if (value.spec && typeof value.spec === 'object') out.push({ rule: value.spec, path: ['spec'] });
  if (Array.isArray(value.specs)) value.specs.forEach((rule, i) => rule && typeof rule === 'object' && out.push({ rule, path: ['specs', i] }));
  return out;
}

/** True when a selector names nothing but the namespace (it selects the whole namespace). */
function isNamespaceWide(selector: EndpointSelector): boolean {
  const keys = [...Object.keys(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).map((e) => String(e.key))];
  return keys.every((k) => podLabelKey(k) === NS_KEY);
}

/**
 * The existing CiliumNetworkPolicy rule to merge a workload's suggestions into: same namespace, an
 * `endpointSelector` that selects the workload's labels and no other known workload, and is not namespace-wide
 * (appending there would widen the allow to every pod). An exact selector match wins, then the most specific
 * selector, then file and document order. Broader candidates only produce an LSP105 note.
 */
export function findMergeTarget(
  subject: FindingSubject,
  parsed: readonly ParsedSource[],
  others: readonly FindingSubject[],
  defaultNamespace: string | undefined,
): { target?: MergeTarget; problems: Problem[] } {
  const candidates: Candidate[] = [];
  let broad = false;
  const where = { namespace: subject.namespace, workload: subject.workload };
  const own = selectorKey({ matchLabels: subject.selector });
  parsed.forEach((src, sourceIndex) => {
    src.values.forEach((value, docIndex) => {
      for (const { rule, path } of rulesOf(value)) {
        const meta = (value as { metadata?: { name?: unknown; namespace?: unknown } }).metadata ?? {};
        const namespace = typeof meta.namespace === 'string' ? meta.namespace : defaultNamespace;
        const selector = rule.endpointSelector;
        if (namespace !== subject.namespace || !selector || typeof selector !== 'object') continue;
        if (!selectorSelects(selector, subject.labels)) continue;
        const shared = others.some((o) => o.namespace === subject.namespace && selectorKey({ matchLabels: o.selector }) !== own && selectorSelects(selector, o.labels));
        if (shared || isNamespaceWide(selector)) {
          broad = true;
          continue;
        }
        const exact = selectorKey(selector) === own;
        const score = (exact ? 1000 : 0) + Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length;
        candidates.push({ sourceIndex, docIndex, rulePath: path, policyName: String(meta.name ?? ''), namespace, score });
      }
    });
  });
  if (candidates.length === 0) return { problems: broad ? [problem('LSP105', where)] : [] };
  const best = Math.max(...candidates.map((c) => c.score));
  const top = candidates.filter((c) => c.score === best);
  const { score: _score, ...target } = top[0];
  return { target, problems: top.length > 1 ? [problem('LSP108', where)] : [] };
}
