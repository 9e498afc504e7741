import type { Flow } from '../flow/flow';
import type { CompiledPolicies } from './evaluate-compile';
import type { FlowVerdict } from './evaluate-model';
import type { EndpointEntry } from './evaluate-endpoints';
import { evaluationCache, peerRulesByAddress, peerRulesById, subjectRules, type PeerRules, type PolicyDirection, type RuleRef, type SubjectRules } from './evaluate-subject';
import { portsMatch } from './selector-ports';
import { localhostAlwaysAllowed } from './cluster-facts';

/**
 * Decides whether Cilium (≥ 1.16 semantics, L3/L4) would allow `flow` under `policies`, for the flow's traffic
 * direction: EGRESS is judged by the source's policies, INGRESS by the destination's. A flow without direction
 * must pass both (the egress verdict at the source, then the ingress verdict at the destination). Order:
 * replies pass; a matching deny rule wins; then ingress from the local host when `allow-localhost` is not
 * `policy` (rule 28); then the first matching allow rule (input order); then default-deny if a selecting rule
 * switched it on; else allowed ("no-policy-selects"). The `cluster` entity is the local cluster (rule 31).
 *
 * L7 `rules` are treated as their L3/L4 allow (noted as `l7-rules`); `fromNodes`/`toNodes`, groups, requires,
 * CIDR groups and `k8sServiceSelector` match nothing; host-firewall (`nodeSelector`) rules are ignored.
 */
export function evaluateFlow(flow: Flow, policies: CompiledPolicies): FlowVerdict {
  const direction = flow.trafficDirection;
  if (flow.isReply === true) return REPLY[direction === 'INGRESS' ? 'INGRESS' : 'EGRESS'];
  if (direction === 'EGRESS') return evaluateDirection(flow, 'egress', policies);
  if (direction === 'INGRESS') return evaluateDirection(flow, 'ingress', policies);
  const egress = evaluateDirection(flow, 'egress', policies);
  if (!egress.allowed) return egress;
  const ingress = evaluateDirection(flow, 'ingress', policies);
  if (!ingress.allowed || ingress.reason !== 'no-policy-selects') return ingress;
  return egress;
}

const REPLY: Record<'INGRESS' | 'EGRESS', FlowVerdict> = {
  INGRESS: Object.freeze({ allowed: true, reason: 'reply', direction: 'INGRESS' }),
  EGRESS: Object.freeze({ allowed: true, reason: 'reply', direction: 'EGRESS' }),
};

const NO_POLICY: Record<'INGRESS' | 'EGRESS', FlowVerdict> = {
  INGRESS: Object.freeze({ allowed: true, reason: 'no-policy-selects', direction: 'INGRESS' }),
  EGRESS: Object.freeze({ allowed: true, reason: 'no-policy-selects', direction: 'EGRESS' }),
};

const LOCALHOST: FlowVerdict = Object.freeze({ allowed: true, reason: 'allow-localhost', direction: 'INGRESS' });

function evaluateDirection(flow: Flow, direction: PolicyDirection, policies: CompiledPolicies): FlowVerdict {
  const cache = evaluationCache(policies);
  const ingress = direction === 'ingress';
  const upper = ingress ? 'INGRESS' : 'EGRESS';
  const subjectEntry = cache.lookup(ingress ? flow.destination : flow.source);
  const subject = subjectRules(subjectEntry, direction, policies);
  if (subject.allow.length === 0 && subject.deny.length === 0 && !subject.defaultDeny) return NO_POLICY[upper];
  const peerEntry = cache.lookup(ingress ? flow.source : flow.destination);
  const rules = peerRulesOf(flow, ingress, peerEntry, subject);
  const namedPorts = (ingress ? subjectEntry : peerEntry).info.namedPorts;
  for (const ref of rules.deny) {
    if (portsMatch(ref.rule.ports, flow.l4, namedPorts)) return (ref.verdict ??= ruleVerdict(false, 'denied-by', upper, ref));
  }
  if (ingress && peerEntry.info.entities.has('host') && localhostAlwaysAllowed(policies.cluster)) return LOCALHOST;
  for (const ref of rules.allow) {
    if (portsMatch(ref.rule.ports, flow.l4, namedPorts)) return (ref.verdict ??= ruleVerdict(true, 'allowed-by', upper, ref));
  }
  const deny = subject.defaultDeny;
  if (deny) return (subject.defaultDenyVerdict ??= Object.freeze({ allowed: false, reason: 'default-deny', direction: upper, policy: deny.policy }));
  return NO_POLICY[upper];
}

/**
 * The subject's rules covering the flow's peer, memoised per peer identity. Peers outside the cluster are told
 * apart by address and DNS names when some rule has CIDRs or FQDNs, and destinations by Service when some rule
 * has `toServices` (both egress-only for names and Services).
 */
function peerRulesOf<S>(flow: Flow, ingress: boolean, entry: EndpointEntry<S>, subject: SubjectRules): PeerRules {
  const info = entry.info;
  const outside = info.isWorld || (!info.isPod && info.entities.size === 0);
  const byAddress = subject.needsAddress && outside;
  const service = subject.needsService && !ingress ? flow.destinationService : undefined;
  if (!byAddress && !service) return peerRulesById(subject, entry.id, info);
  const address = !byAddress ? '' : ingress ? (flow.ip?.source ?? '') : (flow.ip?.destination ?? '');
  const names = !byAddress || ingress ? NO_NAMES : (flow.destinationNames ?? NO_NAMES);
  return peerRulesByAddress(subject, entry.id, info, address, names, service);
}

const NO_NAMES: readonly string[] = [];

function ruleVerdict(allowed: boolean, reason: 'allowed-by' | 'denied-by', direction: 'INGRESS' | 'EGRESS', ref: RuleRef): FlowVerdict {
  const { policy } = ref.spec;
  const { index, path, ports } = ref.rule;
  const verdict = { allowed, reason, direction, policy, ruleIndex: index, rulePath: path };
  return Object.freeze(ports.hasL7 ? { ...verdict, notes: Object.freeze(['l7-rules'] as const) } : verdict);
}
