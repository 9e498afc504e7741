/**
 * The one registry of problems that findings extraction, synthesis and merging report (house style: coded values,
 * never throws). Each code has a stable id, a severity and a message; a {@link Problem} instance adds where it
 * happened and how many flows it concerns. Messages never echo untrusted flow text.
 */

/** How bad a problem is. `error`: flows could not be turned into a rule; `warning`: a rule needs review. */
export type ProblemSeverity = 'error' | 'warning' | 'info';

/** Every problem code. */
export const PROBLEMS = {
  LSP001: { id: 'flow.label.invalid', severity: 'warning', message: 'A label is not a valid Kubernetes label; it was left out of every selector.' },
  LSP002: { id: 'flow.selector.none', severity: 'warning', message: 'A workload in these flows (the policy subject or its peer) has no stable label from the priority list (app.kubernetes.io/name, app, k8s-app, name): its flows are findings, but no rule can select this workload. Label its controller (app.kubernetes.io/name), or, if it is a debug pod, remove it.' },
  LSP003: { id: 'flow.namespace.invalid', severity: 'error', message: 'The endpoint namespace is missing or not a valid namespace name; its flows were skipped.' },
  LSP004: { id: 'flow.direction.unknown', severity: 'info', message: 'The verdict has no traffic direction, so the policy to change is unknown; skipped.' },
  LSP005: { id: 'flow.protocol.unsupported', severity: 'info', message: 'The flow protocol cannot be expressed in toPorts or icmps; skipped.' },
  LSP006: { id: 'flow.subject.not-pod', severity: 'info', message: 'The policy subject is not a pod (host firewall or a reserved identity); a CiliumNetworkPolicy cannot select it. Skipped.' },
  LSP007: { id: 'flow.peer.unknown', severity: 'warning', message: 'The peer has no identity, labels or address Lockstep can turn into a selector; skipped.' },
  LSP008: { id: 'flow.world.address-invalid', severity: 'error', message: 'A world peer has no valid IP address; no CIDR rule was suggested.' },
  LSP009: { id: 'flow.world.in-cluster', severity: 'error', message: 'A world peer address lies in a cluster pod or node CIDR; refusing to turn a pod or node IP into a CIDR rule.' },
  LSP010: { id: 'flow.label.host-key', severity: 'warning', message: 'The workload carries a label with key "host": Cilium 1.20.0 silently skips enforcement for such pods (cilium/cilium#48027).' },
  LSP011: { id: 'selector.ambiguous', severity: 'warning', message: 'The suggested selector also matches another workload seen in the same namespace; review before applying.' },
  LSP012: { id: 'options.priority.unstable', severity: 'warning', message: 'An unstable label key in the label priority was ignored (docs/cnp-semantics.md §6).' },
  LSP013: { id: 'flow.fqdn.name-invalid', severity: 'warning', message: 'A destination name is not a valid DNS name for toFQDNs; it was ignored.' },
  LSP014: { id: 'flow.port.invalid', severity: 'info', message: 'The flow has no valid destination port; skipped.' },
  LSP101: { id: 'rule.cidr.world-egress', severity: 'warning', message: 'Egress to a world address with no DNS name became a /32 (/128) CIDR rule: cloud endpoints change address; prefer toFQDNs if the destination has a name.' },
  LSP102: { id: 'rule.cidr.world-ingress', severity: 'warning', message: 'Ingress from a world address became a /32 (/128) CIDR rule: if the service is public, fromEntities: [world] is what you want.' },
  LSP103: { id: 'dns.resolver.fallback', severity: 'warning', message: 'No DNS flow was captured, so the DNS companion rule uses the conventional kube-system/k8s-app=kube-dns selector; check it matches your resolver (node-local or cloud DNS need their own rule).' },
  LSP104: { id: 'dns.resolver.inferred', severity: 'info', message: "The workload's own DNS traffic was not captured; the DNS companion rule uses the resolvers other workloads were seen using." },
  LSP105: { id: 'merge.target.broad', severity: 'info', message: 'An existing policy selects this workload but also others; a separate per-workload policy keeps the new allows narrow.' },
  LSP106: { id: 'merge.source.invalid', severity: 'error', message: 'An existing policy file could not be parsed as YAML; it was not used.' },
  LSP107: { id: 'merge.rule.covered', severity: 'info', message: 'An existing rule already allows this traffic; nothing was added for it.' },
  LSP108: { id: 'merge.target.ambiguous', severity: 'info', message: 'Several existing policies select this workload equally well; the first in file order was used.' },
} as const satisfies Record<string, { id: string; severity: ProblemSeverity; message: string }>;

/** A problem code (`LSP001` ...). */
export type ProblemCode = keyof typeof PROBLEMS;

/** One reported problem. */
export interface Problem {
  code: ProblemCode;
  id: string;
  severity: ProblemSeverity;
  message: string;
  /** Namespace concerned, when known and valid. */
  namespace?: string;
  /** Workload concerned (validated name), when known. */
  workload?: string;
  /** Path into the document or object, e.g. `spec/egress[2]`. */
  path?: string;
  /** Finding ids concerned. */
  findingIds?: string[];
  /** Source (file) name, for merge problems. */
  source?: string;
  /** Number of flows (or occurrences) concerned. Default: 1. */
  count: number;
}

/** Builds a problem from its code. */
export function problem(code: ProblemCode, where: Omit<Partial<Problem>, 'code' | 'id' | 'severity' | 'message'> = {}): Problem {
  const entry = PROBLEMS[code];
  return { code, id: entry.id, severity: entry.severity, message: entry.message, count: 1, ...where };
}

/** Sorts problems deterministically: severity, code, namespace, workload, path. */
export function sortProblems(problems: Problem[]): Problem[] {
  const rank: Record<ProblemSeverity, number> = { error: 0, warning: 1, info: 2 };
  const key = (p: Problem) => [p.namespace ?? '', p.workload ?? '', p.source ?? '', p.path ?? '', (p.findingIds ?? []).join(',')].join('\u0000');
  return [...problems].sort((a, b) => rank[a.severity] - rank[b.severity] || a.code.localeCompare(b.code) || key(a).localeCompare(key(b)));
}
