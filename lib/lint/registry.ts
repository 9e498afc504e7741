/** Severity of a lint problem. */
export type LintSeverity = 'error' | 'warning' | 'info';

/**
 * The one table of lint codes, ids, severities and messages (after Kiali's `checkDescriptors`). Messages are
 * templates: `{name}` is replaced by the finding's param of that name. Codes and ids are stable: never reuse one.
 */
export const LINT_REGISTRY = {
  'ports.service-port': {
    code: 'CNP001',
    severity: 'error',
    message:
      'toPorts port {port} is the port of Service {service}, whose targetPort is {targetPort}. Cilium matches the container port after service translation, so this rule never matches: use {targetPort}.',
  },
  'ingress.host-probe-missing': {
    code: 'CNP002',
    severity: 'error',
    message:
      '{count} probe flow(s) from the node (reserved:host) to {pod} on port(s) {ports} would be dropped: this policy makes {pod} default-deny on ingress without fromEntities host (or cluster/all), and the cluster runs with allow-localhost: {allowLocalhost} ({allowLocalhostSource}). Once enforced, kubelet probes fail and the pod goes NotReady.',
  },
  'peer.cidr-instead-of-selector': {
    code: 'CNP003',
    severity: 'warning',
    message: 'CIDR {cidr} matched {count} recorded flow(s) to {peer}. {advice}',
  },
  'fqdn.dns-companion-missing': {
    code: 'CNP004',
    severity: 'error',
    message:
      'toFQDNs needs a DNS companion rule: an egress rule to the resolver with toPorts rules.dns, in a policy selecting the same pods. {detail} Without it the DNS proxy never learns the IPs and the FQDN rule matches nothing.',
  },
  'ccnp.peer-namespace-missing': {
    code: 'CNP005',
    severity: 'warning',
    message:
      '{field} {selector} in a CiliumClusterwideNetworkPolicy has no io.kubernetes.pod.namespace: it matches pods with these labels in every namespace. Add the namespace label.',
  },
  'selector.unstable-label': {
    code: 'CNP006',
    severity: 'warning',
    message: 'Selector on {key}: {reason} Select on a stable label such as app.kubernetes.io/name, app or k8s-app.',
  },
  'ccnp.dns-not-in-same-resource': {
    code: 'CNP007',
    severity: 'warning',
    message:
      'This CiliumClusterwideNetworkPolicy switches {direction} default-deny on for {scope} but allows no DNS (port 53) in the same resource{elsewhere}. Put the DNS allow in this resource so it is live the instant the default-deny lands.',
  },
  'ingress.via-ingress-controller': {
    code: 'CNP008',
    severity: 'info',
    message:
      'The allow from {caller} never matched a recorded flow, while {subject} received {controllerFlows} flow(s) through the ingress controller {controller}. The caller most likely uses the public hostname, so its requests arrive from {controller} and this cross-namespace allow is dead code{evidence}.',
  },
  'audit.window-too-long': {
    code: 'CNP009',
    severity: 'warning',
    message:
      'Policy audit mode has been on for {days} days (limit {maxDays}). It is agent-wide: every policy, including ones that already enforced, is only logging drops. Finish the rollout and switch it off.',
  },
  'annotation.audit-mode': {
    code: 'CNP010',
    severity: 'error',
    message:
      'Cilium has no policy.cilium.io/audit-mode annotation: it is ignored and this policy enforces as soon as it is applied. Audit mode is the agent-wide policy-audit-mode setting (Helm policyAuditMode).',
  },
  'patch.l7-during-audit': {
    code: 'CNP011',
    severity: 'warning',
    message:
      'This patch adds L7 {kind} rules during an audit window. Audit mode does not cover L7: violations are answered (403 / DNS REFUSED) right away. Ship the L3/L4 rule now and add L7 after enforcing.',
  },
  'to-services.with-to-ports': {
    code: 'CNP012',
    severity: 'error',
    message: 'toServices cannot be combined with toPorts (docs/cnp-semantics.md §16); use toEndpoints with the backend labels and the container port instead.',
  },
  'peer.empty-list': {
    code: 'CNP013',
    severity: 'warning',
    message: '{field}: [] {effect} (docs/cnp-semantics-additions.md rule {rule}). Remove the empty list, or list the peers meant.',
  },
} as const satisfies Record<string, { code: string; severity: LintSeverity; message: string }>;

/** Every lint id. */
export type LintId = keyof typeof LINT_REGISTRY;

/** A registry entry. */
export interface LintDescriptor {
  id: LintId;
  code: string;
  severity: LintSeverity;
  message: string;
}

/** The registry entry of `id`. */
export function lintDescriptor(id: LintId): LintDescriptor {
  return { id, ...LINT_REGISTRY[id] };
}

/** Fills `{name}` placeholders from `params`; unknown placeholders are left as written. */
export function formatLintMessage(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
