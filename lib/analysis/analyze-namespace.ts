import type { Flow } from '../flow/flow';
import type { Finding } from '../findings/finding';
import type { Problem } from '../findings/problems';
import { isCiliumPolicy, type CiliumPolicy } from '../policy/cnp-types';
import { parseSources, type ParsedSource, type ParsedSources } from '../policy/parse-sources';
import { mergePolicies } from '../policy/merge';
import { sortProblems } from '../findings/problems';
import { synthesizePolicies } from '../policy/synthesize';
import { policiesToYaml } from '../policy/to-yaml';
import { compareReplay, type ReplayComparison } from './replay-comparison';
import type { ExistingPolicySource, PatchedFile, SuggestedPolicy } from '../policy/suggested-policy';
import { lintPolicies } from '../lint/run';
import type { LintContext, LintPolicyInput, LintProblem } from '../lint/lint-rule';
import { withLocalhostEvidence, type ClusterFacts } from '../policy/cluster-facts';
import { isHostPolicyVerdict } from '../policy/host-verdict';
import { reduceFlows } from '../policy/reduce-flows';
import type { AuditAccounting } from '../findings/audit-accounting';
import { isUnselectable } from '../findings/is-unselectable';
import type { Triage } from '../triage/triage';
import { isHeld, triageFindings } from '../triage/triage-findings';

/**
 * One namespace's analysis, end to end: the findings the user includes become a suggested patch (new policies
 * and rules merged into the user's files), which is proven by replaying the recorded flows against the existing
 * policies (before) and existing + suggested (after), and linted. Pure: the caller supplies flows, findings,
 * policy files and the clock.
 */

/** Options of {@link analyzeNamespace}. */
export interface AnalyzeNamespaceOptions {
  /** The namespace analysed: findings and replay numbers are limited to it. */
  namespace: string;
  /** Findings of that namespace (e.g. from `extractFindings` or the store). */
  findings: readonly Finding[];
  /** Recorded flows to replay (policy verdicts of the audit window). Finding samples are always replayed too. */
  flows?: readonly Flow[];
  /** The user's policy files (uploaded, from the cluster or from Git). Default: none. */
  existingPolicies?: readonly ExistingPolicySource[];
  /** The same files already parsed by `parseSources` (a caller analysing several namespaces parses once). */
  parsedPolicies?: ParsedSources;
  /** Findings left out of the patch (rejected or excluded in the UI). Default: none. */
  excludedFindingIds?: ReadonlySet<string>;
  /** Evidence comments on new rules. Default: true. */
  evidenceComments?: boolean;
  /** Offer `matchPattern` for names sharing a parent. Default: false. */
  fqdnPatterns?: boolean;
  /** Lint context (services, audit-mode start, now). */
  lint?: Omit<LintContext, 'flows'>;
  /**
   * Cluster facts (cilium-config `allow-localhost`, `cluster-name`) for replay and lints. Default:
   * `allow-localhost: always`, unless the flows hold verdicts from the host to a pod, which prove `policy`.
   */
  cluster?: Partial<ClusterFacts>;
  /** Findings a reviewer accepted: never held. Default: none. */
  acceptedFindingIds?: ReadonlySet<string>;
  /** Put held (high-risk, not accepted) findings into the patch anyway (`--include-held`). Default: false. */
  includeHeld?: boolean;
  /** Triage computed by the caller over every namespace (by finding id). Default: computed from `findings` and `flows`. */
  triage?: ReadonlyMap<string, Triage>;
  /** The namespace's AUDIT accounting, passed through to the result. */
  accounting?: AuditAccounting;
}

/** Findings held for review: high-risk, not accepted, left out of the patch. */
export interface HeldSummary {
  ids: string[];
  /** Their verdict events. */
  flows: number;
}

/** The result of {@link analyzeNamespace}. */
export interface NamespaceAnalysis {
  namespace: string;
  findings: Finding[];
  included: string[];
  /** New policies of the patch. */
  policies: SuggestedPolicy[];
  /** Existing files with rules merged in (whole text and diff). */
  files: PatchedFile[];
  /** The patch as multi-document YAML: new policies, then each patched file's documents. */
  patchYaml: string;
  replay: ReplayComparison;
  /** The cluster facts the replay and lints used (say which `allow-localhost` value changed the numbers). */
  cluster: ClusterFacts;
  problems: Problem[];
  lints: LintProblem[];
  /** Every finding's triage, by id. */
  triage: Record<string, Triage>;
  /** Held for review (left out of the patch unless `includeHeld`). */
  held: HeldSummary;
  /** Findings no rule can select (no stable label): never in the patch. */
  unselectable: string[];
  accounting?: AuditAccounting;
}

/** Analyses one namespace (see the module comment). */
export function analyzeNamespace(options: AnalyzeNamespaceOptions): NamespaceAnalysis {
  const { namespace } = options;
  const findings = options.findings.filter((f) => f.subject.namespace === namespace);
  const excluded = options.excludedFindingIds ?? new Set<string>();
  const accepted = options.acceptedFindingIds ?? new Set<string>();
  const triage = options.triage ?? triageFindings(options.findings, options.flows ?? []);
  const heldFindings = findings.filter((f) => !excluded.has(f.id) && isHeld(triage.get(f.id), accepted.has(f.id)));
  const heldIds = new Set(heldFindings.map((f) => f.id));
  const included = findings.filter((f) => !excluded.has(f.id) && !isUnselectable(f) && (options.includeHeld || !heldIds.has(f.id)));
  const parsed = options.parsedPolicies ?? parseSources(options.existingPolicies ?? []);
  const synthesis = synthesizePolicies(included, { fqdnPatterns: options.fqdnPatterns ?? false });
  const merge = mergePolicies(synthesis.policies, parsed.parsed, { defaultNamespace: namespace, evidenceComments: options.evidenceComments ?? true });
  const existingPolicies = policiesOf(parsed.parsed.flatMap((p) => p.values));
  const patchedNames = new Set(merge.files.map((f) => f.source));
  const untouched = parsed.parsed.filter((p) => !patchedNames.has(p.source.name));
  const after = [...policiesOf([...untouched, ...merge.patched].flatMap((p) => p.values)), ...merge.policies.map((p) => p.policy)];
  // One representative per verdict key, with counts: replay and lints evaluate each key once (rule of thumb: a
  // capture of a million flows holds a few thousand keys).
  const flows = reduceFlows(options.flows ?? []);
  const hostVerdict = flows.some(isHostPolicyVerdict) || findings.some((f) => f.samples.some(isHostPolicyVerdict));
  const cluster = withLocalhostEvidence(options.cluster, hostVerdict);
  const replay = compareReplay(namespace, findings, flows, existingPolicies, after, cluster);
  const lints = lintPolicies(lintInputs(parsed.parsed, merge.patched, merge.policies), {
    ...options.lint,
    flows,
    defaultNamespace: namespace,
    cluster,
  });
  return {
    namespace,
    findings,
    included: included.map((f) => f.id).sort(),
    policies: merge.policies,
    files: merge.files,
    patchYaml: patchYaml(merge.policies, merge.files, options.evidenceComments ?? true),
    replay,
    cluster,
    problems: sortProblems([...parsed.problems, ...synthesis.problems, ...merge.problems]),
    lints,
    triage: Object.fromEntries(findings.map((f) => [f.id, triage.get(f.id) ?? { severity: 'low', score: 0, signals: [] }])),
    held: { ids: [...heldIds].sort(), flows: heldFindings.reduce((n, f) => n + f.flows, 0) },
    unselectable: findings.filter(isUnselectable).map((f) => f.id).sort(),
    ...(options.accounting && { accounting: options.accounting }),
  };
}

function policiesOf(values: readonly unknown[]): CiliumPolicy[] {
  return values.filter(isCiliumPolicy);
}

/** Existing files (patched ones as merged, in their original order) and the new policies, for the linter. */
function lintInputs(parsed: readonly ParsedSource[], patched: readonly ParsedSource[], policies: readonly SuggestedPolicy[]): LintPolicyInput[] {
  const inputs: LintPolicyInput[] = [];
  const patchedByName = new Map(patched.map((p) => [p.source.name, p]));
  for (const original of parsed) {
    const source = patchedByName.get(original.source.name) ?? original;
    source.values.forEach((value, documentIndex) => {
      if (isCiliumPolicy(value)) inputs.push({ policy: value, origin: source === original ? 'existing' : 'suggested', sourceText: source.source.text, sourcePath: source.source.name, documentIndex });
    });
  }
  for (const p of policies) inputs.push({ policy: p.policy, origin: 'suggested' });
  return inputs;
}

function patchYaml(policies: readonly SuggestedPolicy[], files: readonly PatchedFile[], evidenceComments: boolean): string {
  const parts: string[] = [];
  if (policies.length) parts.push(policiesToYaml(policies, { evidenceComments }));
  for (const file of files) parts.push(`# lockstep: rules merged into ${file.source}\n${file.newText.startsWith('---') ? '' : '---\n'}${file.newText}`);
  return parts.join(parts.length > 1 ? '\n' : '');
}
