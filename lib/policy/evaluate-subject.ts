import type { CompiledPolicies, CompiledSpec } from './evaluate-compile';
import { ruleMatchesPeer, type CompiledRule, type FlowPeer } from './evaluate-rule';
import type { FlowVerdict } from './evaluate-model';
import { createEndpointCache, type EndpointCache, type EndpointEntry } from './evaluate-endpoints';
import { selectorMatches } from './selector-matches';
import type { EndpointInfo } from './selector-entities';
import { parseIp } from './selector-cidr';
import { normalizeDnsName } from './selector-fqdn';

/** A rule together with the spec it belongs to. */
export interface RuleRef {
  spec: CompiledSpec;
  rule: CompiledRule;
  /** The (shared, frozen) verdict this rule produces, memoised by the evaluator. */
  verdict?: FlowVerdict;
}

/** The rules whose L3 part covers one peer; ports are checked per flow. */
export interface PeerRules {
  allow: readonly RuleRef[];
  deny: readonly RuleRef[];
}

/** Everything that applies to one subject endpoint in one direction. */
export interface SubjectRules {
  allow: readonly RuleRef[];
  deny: readonly RuleRef[];
  /** The first selecting spec that switches default-deny on in this direction, if any. */
  defaultDeny: CompiledSpec | undefined;
  /** Some rule has CIDRs or FQDNs: keys of peers outside the cluster include their address and names. */
  needsAddress: boolean;
  /** Some rule has `toServices`: keys include the destination Service. */
  needsService: boolean;
  /** The shared default-deny verdict, memoised by the evaluator. */
  defaultDenyVerdict?: FlowVerdict;
  /** L3 results per peer identity (entry id). */
  peers: Map<number, PeerRules>;
  /** L3 results for peers judged by address: entry id → address → names key. */
  addressPeers: Map<number, Map<string, Map<string, PeerRules>>>;
  addressPeerCount: number;
}

/** Evaluation direction, lower-case as the policy sections name it. */
export type PolicyDirection = 'ingress' | 'egress';

/** Peer keys kept per subject before that subject's cache starts over. */
const MAX_PEERS = 4096;

const caches = new WeakMap<CompiledPolicies, EndpointCache<SubjectRules>>();

/** The endpoint cache tied to a compiled policy set (created on first use, freed with the set). */
export function evaluationCache(policies: CompiledPolicies): EndpointCache<SubjectRules> {
  let cache = caches.get(policies);
  if (!cache) {
    cache = createEndpointCache<SubjectRules>();
    caches.set(policies, cache);
  }
  return cache;
}

/**
 * The allow and deny rules of every spec selecting `entry` (a pod) in `direction`, memoised on the entry.
 * A non-pod subject gets an empty set (reserved identities are not selected by `endpointSelector` here).
 */
export function subjectRules(entry: EndpointEntry<SubjectRules>, direction: PolicyDirection, policies: CompiledPolicies): SubjectRules {
  const cached = entry[direction];
  if (cached) return cached;
  const allow: RuleRef[] = [];
  const deny: RuleRef[] = [];
  let defaultDeny: CompiledSpec | undefined;
  if (entry.info.isPod) {
    for (const spec of policies.specs) {
      if (!spec.subject || !selectorMatches(spec.subject, entry.info.labels)) continue;
      for (const rule of spec.rules[direction]) allow.push({ spec, rule });
      for (const rule of spec.rules[direction === 'ingress' ? 'ingressDeny' : 'egressDeny']) deny.push({ spec, rule });
      if (!defaultDeny && spec.defaultDeny[direction]) defaultDeny = spec;
    }
  }
  const all = [...allow, ...deny];
  const needsAddress = all.some((ref) => ref.rule.cidrs.length > 0 || ref.rule.fqdns.length > 0);
  const needsService = all.some((ref) => ref.rule.services.length > 0);
  const rules: SubjectRules = { allow, deny, defaultDeny, needsAddress, needsService, peers: new Map(), addressPeers: new Map(), addressPeerCount: 0 };
  entry[direction] = rules;
  return rules;
}

/** The subject's rules whose L3 part covers a peer known by its identity alone (`info`). */
export function peerRulesById(subject: SubjectRules, id: number, info: EndpointInfo): PeerRules {
  const cached = subject.peers.get(id);
  if (cached) return cached;
  if (subject.peers.size >= MAX_PEERS) subject.peers.clear();
  const result = matchPeer(subject, { info, ip: undefined, names: [], service: undefined });
  subject.peers.set(id, result);
  return result;
}

/**
 * The subject's rules covering a peer judged also by its address, DNS names and Service (peers outside the
 * cluster under CIDR/FQDN rules, or any peer under `toServices`). Nested maps keep the hot path allocation-free.
 */
export function peerRulesByAddress(
  subject: SubjectRules,
  id: number,
  info: EndpointInfo,
  address: string,
  rawNames: readonly string[],
  service: { name: string; namespace: string } | undefined,
): PeerRules {
  const namesKey = (rawNames.length === 1 ? rawNames[0] : rawNames.join(',')) + (service ? `|${service.namespace}/${service.name}` : '');
  let byAddress = subject.addressPeers.get(id);
  if (!byAddress) subject.addressPeers.set(id, (byAddress = new Map()));
  let byNames = byAddress.get(address);
  if (!byNames) byAddress.set(address, (byNames = new Map()));
  const cached = byNames.get(namesKey);
  if (cached) return cached;
  if (subject.addressPeerCount >= MAX_PEERS) {
    subject.addressPeers.clear();
    subject.addressPeerCount = 0;
    return peerRulesByAddress(subject, id, info, address, rawNames, service);
  }
  const ip = address ? parseIp(address) : undefined;
  const result = matchPeer(subject, { info, ip, names: rawNames.map(normalizeDnsName), service });
  byNames.set(namesKey, result);
  subject.addressPeerCount++;
  return result;
}

function matchPeer(subject: SubjectRules, peer: FlowPeer): PeerRules {
  return {
    allow: subject.allow.filter((ref) => ruleMatchesPeer(ref.rule, peer)),
    deny: subject.deny.filter((ref) => ruleMatchesPeer(ref.rule, peer)),
  };
}
