import type { Flow } from '../flow/model';
import type { Finding } from '../findings/model';
import type { Problem } from '../findings/problems';
import { isCiliumPolicy, type CiliumPolicy } from '../policy/cnp-types';
import { parseSources } from '../policy/parse-sources';
import { synthesizePolicies } from '../policy/synthesize';
import { policiesToYaml } from '../policy/to-yaml';
import { compareReplay, type ReplayComparison } from './replay-comparison';
import type { ExistingPolicySource, PatchedFile, SuggestedPolicy } from '../policy/suggested-policy';
import { lintPolicies } from '../lint/run';
import type { LintContext, LintPolicyInput, LintProblem } from '../lint/model';
import { withLocalhostEvidence, type ClusterFacts } from '../policy/cluster-facts';
import { isHostPolicyVerdict } from '../policy/host-verdict';

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
}

/** Analyses one namespace (see the module comment). */
export function analyzeNamespace(options: AnalyzeNamespaceOptions): NamespaceAnalysis {
  const { namespace } = options;
  const findings = options.findings.filter((f) => f.subject.namespace === namespace);
  const excluded = options.excludedFindingIds ?? new Set<string>();
  const included = findings.filter((f) => !excluded.has(f.id));
  const existing = options.existingPolicies ?? [];
  const synthesis = synthesizePolicies(included, {
    existingPolicies: existing,
    defaultNamespace: namespace,
    evidenceComments: options.evidenceComments ?? true,
    fqdnPatterns: options.fqdnPatterns ?? false,
  });
  const parsed = parseSources(existing);
  const existingPolicies = policiesOf(parsed.parsed.flatMap((p) => p.values));
  const patchedPolicies = policiesOf(parseSources(synthesis.files.map((f) => ({ name: f.source, text: f.newText }))).parsed.flatMap((p) => p.values));
  const patchedNames = new Set(synthesis.files.map((f) => f.source));
  const untouched = policiesOf(parsed.parsed.filter((p) => !patchedNames.has(p.source.name)).flatMap((p) => p.values));
  const after = [...untouched, ...patchedPolicies, ...synthesis.policies.map((p) => p.policy)];
  const flows = options.flows ?? [];
  const hostVerdict = flows.some(isHostPolicyVerdict) || findings.some((f) => f.samples.some(isHostPolicyVerdict));
  const cluster = withLocalhostEvidence(options.cluster, hostVerdict);
  const replay = compareReplay(namespace, findings, flows, existingPolicies, after, cluster);
  const lints = lintPolicies(lintInputs(parsed.parsed.map((p) => p.source), synthesis.policies, synthesis.files), {
    ...options.lint,
    flows,
    defaultNamespace: namespace,
    cluster,
  });
  return {
    namespace,
    findings,
    included: included.map((f) => f.id).sort(),
    policies: synthesis.policies,
    files: synthesis.files,
    patchYaml: patchYaml(synthesis.policies, synthesis.files, options.evidenceComments ?? true),
    replay,
    cluster,
    problems: [...parsed.problems, ...synthesis.problems],
    lints,
  };
}

function policiesOf(values: readonly unknown[]): CiliumPolicy[] {
  return values.filter(isCiliumPolicy);
}

function lintInputs(parsedSources: readonly ExistingPolicySource[], policies: readonly SuggestedPolicy[], files: readonly PatchedFile[]): LintPolicyInput[] {
  const inputs: LintPolicyInput[] = [];
  const patched = new Map(files.map((f) => [f.source, f.newText]));
  for (const source of parsedSources) {
    const text = patched.get(source.name) ?? source.text;
    const docs = parseSources([{ name: source.name, text }]).parsed[0]?.values ?? [];
    docs.forEach((value, documentIndex) => {
      if (isCiliumPolicy(value)) inputs.push({ policy: value, origin: patched.has(source.name) ? 'suggested' : 'existing', sourceText: text, sourcePath: source.name, documentIndex });
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
