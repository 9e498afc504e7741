import type { Flow } from '../flow/flow';
import { extractFindings } from '../findings/extract-findings';
import type { Finding } from '../findings/finding';
import { reduceFlows } from '../policy/reduce-flows';
import type { FindingOptions } from '../findings/finding';
import type { Problem } from '../findings/problems';
import type { LintProblem } from '../lint/lint-rule';
import type { ExistingPolicySource } from '../policy/suggested-policy';
import { parseSources } from '../policy/parse-sources';
import { analyzeNamespace, type NamespaceAnalysis } from './analyze-namespace';
import { withLocalhostEvidence, type ClusterFacts } from '../policy/cluster-facts';
import { isHostPolicyVerdict } from '../policy/host-verdict';
import { triageFindings, triageWith } from '../triage/triage-findings';
import { buildTriageContext, type TriageContext } from '../triage/triage-context';
import type { AuditAccounting } from '../findings/audit-accounting';

/** Options of {@link analyzeFlows}. */
export interface AnalyzeFlowsOptions {
  /** Only this namespace. Default: every namespace with findings. */
  namespace?: string;
  existingPolicies?: readonly ExistingPolicySource[];
  /** Default: true. */
  evidenceComments?: boolean;
  /** Default: false. */
  fqdnPatterns?: boolean;
  findingOptions?: FindingOptions;
  /** The clock, for lints (audit window). */
  now?: number;
  /** Cluster facts (cilium-config `allow-localhost`, `cluster-name`). Default: Cilium's defaults, or the flows' evidence. */
  cluster?: Partial<ClusterFacts>;
  /** Put held findings into the patch anyway. Default: false. */
  includeHeld?: boolean;
}

/** The analysis of a whole capture: one {@link NamespaceAnalysis} per namespace, and the combined patch. */
export interface FlowsAnalysis {
  namespaces: NamespaceAnalysis[];
  /** Every namespace's patch as one multi-document YAML stream. */
  patchYaml: string;
  problems: Problem[];
  lints: LintProblem[];
  /** The cluster facts replay and lints used (agent-wide, so one value for every namespace). */
  cluster: ClusterFacts;
}

/** Findings, patch, replay and lints for captured flows (the `POST /api/analyze` core). */
export function analyzeFlows(flows: readonly Flow[], options: AnalyzeFlowsOptions = {}): FlowsAnalysis {
  const extracted = extractFindings(flows, options.findingOptions);
  return analyzeFindings(extracted, reduceFlows(flows), { ...options, triageContext: buildTriageContext(extracted.findings, flows) });
}

/**
 * The same from findings built while streaming a capture (`FindingSet`) and the capture reduced to verdict keys
 * (`FlowReducer`): what `lockstep suggest` runs, in memory bounded by findings and keys, not flows.
 */
export function analyzeFindings(
  extracted: { findings: readonly Finding[]; problems: readonly Problem[]; accounting?: readonly AuditAccounting[] },
  flows: readonly Flow[],
  options: AnalyzeFlowsOptions & { triageContext?: TriageContext } = {},
): FlowsAnalysis {
  const cluster = withLocalhostEvidence(options.cluster, flows.some(isHostPolicyVerdict));
  // Triage reads the whole capture (replies, DNS answers, drops): the caller's streamed context, else the keys.
  const triage = options.triageContext ? triageWith(extracted.findings, options.triageContext) : triageFindings(extracted.findings, flows);
  const accounting = extracted.accounting ?? [];
  const namespaces = [...new Set([...extracted.findings.map((f) => f.subject.namespace), ...accounting.map((a) => a.namespace)])]
    .filter((ns) => !options.namespace || ns === options.namespace)
    .sort();
  const parsedPolicies = parseSources(options.existingPolicies ?? []);
  const results = namespaces.map((namespace) =>
    analyzeNamespace({
      namespace,
      findings: extracted.findings,
      flows,
      parsedPolicies,
      evidenceComments: options.evidenceComments,
      fqdnPatterns: options.fqdnPatterns,
      lint: { now: options.now },
      cluster,
      triage,
      includeHeld: options.includeHeld,
      accounting: accounting.find((a) => a.namespace === namespace),
    }),
  );
  const rolloutLints = new Set<string>();
  const lints = results.flatMap((r) => r.lints).filter((l) => {
    // Rollout-level lints (no policy) repeat in every namespace: keep one of each.
    if (l.policy) return true;
    const key = `${l.code}|${l.message}`;
    if (rolloutLints.has(key)) return false;
    rolloutLints.add(key);
    return true;
  });
  return {
    namespaces: results,
    patchYaml: results.map((r) => r.patchYaml).filter(Boolean).join('\n'),
    problems: [...extracted.problems, ...results.flatMap((r) => r.problems)],
    lints,
    cluster,
  };
}
