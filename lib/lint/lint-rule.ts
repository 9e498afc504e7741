import type { Flow } from '../flow/flow';
import type { CiliumPolicy, CiliumPolicyKind } from '../policy/cnp-types';
import type { CompiledPolicies } from '../policy/evaluate-compile';
import type { ClusterFacts } from '../policy/cluster-facts';
import type { LintId, LintSeverity } from './registry';

export type { LintId, LintSeverity } from './registry';

/** One problem found in a policy (or, with no `policy`, in the rollout itself). */
export interface LintProblem {
  /** Stable code, e.g. `CNP001`. */
  code: string;
  /** Stable id, e.g. `ports.service-port`. */
  id: LintId;
  severity: LintSeverity;
  message: string;
  /**
   * Path into the policy object, `/`-separated, list indexes in brackets: `spec/egress[0]/toPorts[0]/ports[0]/port`.
   * Map keys containing `/` or `~` are escaped as in JSON Pointer (`~1`, `~0`). Empty for rollout-level problems.
   */
  path: string;
  policy?: { name: string; namespace: string; kind: CiliumPolicyKind };
  /** Where the path points in the policy's source text, when the input carried it (1-based line and column). */
  source?: { path?: string; line?: number; column?: number };
}

/** A policy to lint, with optional provenance. */
export interface LintPolicyInput {
  policy: CiliumPolicy;
  /** `suggested` for Lockstep's own patches, `existing` for the user's. Default: `existing`. */
  origin?: 'existing' | 'suggested';
  /** The YAML text the policy was parsed from, to report line and column. */
  sourceText?: string;
  /** The file it came from (echoed in problems). */
  sourcePath?: string;
  /** Index of the policy's document within `sourceText`. Default: 0. */
  documentIndex?: number;
}

/** A Kubernetes Service as far as lints need it. */
export interface KnownService {
  name: string;
  namespace: string;
  ports: { port: number; targetPort?: number | string; protocol?: string; name?: string }[];
  /** The Service's pod selector; when given, narrows which policy selectors the Service can concern. */
  selector?: Record<string, string>;
}

/** Identifies ingress-controller pods: a namespace, labels, or both must match. */
export interface IngressControllerRef {
  namespace?: string;
  labels?: Record<string, string>;
}

/** What lints may know besides the policies. Every field is optional; rules that need a missing one stay silent. */
export interface LintContext {
  /** Recorded flows (AUDIT and others) of the audit window; reduced flows (`reduceFlows`) count as many as they stand for. */
  flows?: readonly Flow[];
  /** Known Services, for the Service-port check. */
  services?: readonly KnownService[];
  /** When policy audit mode was switched on (ms since the epoch). */
  auditSince?: number;
  /** Whether audit mode is on now. Default: true when `auditSince` is set, else false. */
  auditMode?: boolean;
  /** The current time (ms since the epoch); lib code never reads the clock itself. */
  now?: number;
  /** Audit-mode days before `audit.window-too-long` fires. Default: 7. */
  maxAuditDays?: number;
  /** Ingress-controller pods. Default: the `ingress` entity plus pods whose name labels or namespace look like a known controller (traefik, ingress-nginx, haproxy, contour, kong, istio ingress gateway, envoy gateway). */
  ingressControllers?: readonly IngressControllerRef[];
  /** Namespace of a CiliumNetworkPolicy without one. Default: `default`. */
  defaultNamespace?: string;
  /** Cluster facts (`allow-localhost`, cluster name). Default: `allow-localhost: always`, cluster `default`. */
  cluster?: Partial<ClusterFacts>;
}

/** What a rule reports; {@link lintPolicies} adds code, severity and message from the registry. */
export interface LintFinding {
  id: LintId;
  /** Index of the policy in the input list; absent for rollout-level findings. */
  policyIndex?: number;
  path: string;
  /** Values for the message template's `{placeholders}`. */
  params: Record<string, string | number>;
}

/** Everything a rule sees. `compiled` is the whole input set compiled for the evaluator (same indexes). */
export interface LintRuleInput {
  policies: readonly LintPolicyInput[];
  context: LintContext;
  compiled: CompiledPolicies;
}

/** A lint rule: one per file under `rules/`, named after its id. */
export interface LintRule {
  id: LintId;
  check(input: LintRuleInput): LintFinding[];
}
