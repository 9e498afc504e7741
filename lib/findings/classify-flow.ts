import type { Endpoint, Flow } from '../flow/flow';
import type { Entity } from '../cilium/entities';
import { normalizeDnsName } from './dns-name';
import { hostCidr, ipInCidr, parseIp, type ParsedIp } from './ip';
import type { FindingDirection, FindingProtocol } from './finding';
import type { ProblemCode } from './problems';
import type { PodRef, ResolvedEndpoint } from './resolve-endpoint';

/** A peer before selectors are resolved (pods are still registry refs). */
export type InternalPeer =
  | { kind: 'endpoint'; ref: PodRef }
  | { kind: 'entity'; entity: Entity }
  | { kind: 'fqdn'; names: string[]; dropped?: boolean }
  | { kind: 'cidr'; cidr: string };

/** One verdict that needs a rule. */
export interface Observation {
  subject: PodRef;
  direction: FindingDirection;
  peer: InternalPeer;
  protocol: FindingProtocol;
  port: number;
  /** DROPPED/POLICY_DENIED in an enforcing namespace (rather than AUDIT). */
  blocked: boolean;
  /** A secondary problem (LSP013: some destination names were invalid and ignored). */
  note?: ProblemCode;
}

/** What a flow means for findings. */
export type Classification =
  | { kind: 'ignored' }
  | { kind: 'problem'; code: ProblemCode; namespace?: string; workload?: string }
  | { kind: 'observation'; observation: Observation };

/** What {@link classifyFlow} needs besides the flow. */
export interface ClassifyContext {
  resolve(endpoint: Endpoint): ResolvedEndpoint;
  isEnforcing(namespace: string): boolean;
  clusterCidrs: { ip: ParsedIp; prefix: number }[];
}

const IGNORED: Classification = { kind: 'ignored' };
// ICMP echo replies are replies even when `is_reply` is unset.
const ICMP_REPLY_TYPES: Record<string, number> = { ICMPv4: 0, ICMPv6: 129 };

/** True for a policy verdict that says "a rule is missing": AUDIT, or DROPPED with POLICY_DENIED. */
function isMissingRuleVerdict(flow: Flow): boolean {
  // Only policy-verdict events (5); 0 = a field-masked export that omits event_type. Drop events (1) are left out:
  // the same packet also produces a policy verdict, and counting both would count one connection twice.
  if (flow.eventType !== 5 && flow.eventType !== 0) return false;
  return flow.verdict === 'AUDIT' || (flow.verdict === 'DROPPED' && flow.dropReason === 'POLICY_DENIED');
}

function portOf(flow: Flow): { protocol: FindingProtocol; port: number } | ProblemCode | 'ignored' {
  const l4 = flow.l4;
  if (!l4) return 'LSP014';
  if (l4.protocol === 'TCP' || l4.protocol === 'UDP' || l4.protocol === 'SCTP') {
    const port = l4.destinationPort;
    return Number.isInteger(port) && port > 0 && port <= 65535 ? { protocol: l4.protocol, port } : 'LSP014';
  }
  if (l4.protocol === 'ICMPv4' || l4.protocol === 'ICMPv6') {
    if (l4.type === ICMP_REPLY_TYPES[l4.protocol]) return 'ignored';
    return Number.isInteger(l4.type) && l4.type >= 0 && l4.type <= 255 ? { protocol: l4.protocol, port: l4.type } : 'LSP014';
  }
  return 'LSP005';
}

const nameCache = new Map<string, string | undefined>();

/** {@link normalizeDnsName}, memoised (bounded): the same few names repeat across millions of flows. */
function cachedName(name: string): string | undefined {
  if (nameCache.has(name)) return nameCache.get(name);
  if (nameCache.size > 10000) nameCache.clear();
  const normalized = normalizeDnsName(name);
  nameCache.set(name, normalized);
  return normalized;
}

function fqdnNames(flow: Flow): { names: string[]; dropped: boolean } {
  const valid = flow.destinationNames.map(cachedName).filter((n): n is string => !!n);
  const names = valid.length === 1 ? valid : [...new Set(valid)].sort();
  return { names, dropped: valid.length < flow.destinationNames.length };
}

function worldPeer(flow: Flow, direction: FindingDirection, ctx: ClassifyContext): InternalPeer | ProblemCode {
  if (direction === 'EGRESS' && flow.destinationNames.length > 0) {
    const { names, dropped } = fqdnNames(flow);
    if (names.length > 0) return { kind: 'fqdn', names, ...(dropped && { dropped }) };
  }
  const ip = parseIp(direction === 'EGRESS' ? flow.ip.destination : flow.ip.source);
  if (!ip) return 'LSP008';
  if (ctx.clusterCidrs.some((cidr) => ipInCidr(ip, cidr))) return 'LSP009';
  return { kind: 'cidr', cidr: hostCidr(ip) };
}

/** Turns one flow into an observation, a coded problem, or nothing (not an AUDIT/blocked verdict, or a reply). */
export function classifyFlow(flow: Flow, ctx: ClassifyContext): Classification {
  if (!isMissingRuleVerdict(flow) || flow.isReply === true) return IGNORED;
  const direction = flow.trafficDirection;
  if (direction !== 'INGRESS' && direction !== 'EGRESS') return { kind: 'problem', code: 'LSP004' };
  const subjectEp = ctx.resolve(direction === 'INGRESS' ? flow.destination : flow.source);
  if (subjectEp.kind === 'invalid') return { kind: 'problem', code: subjectEp.code, namespace: subjectEp.namespace };
  if (subjectEp.kind !== 'pod') return { kind: 'problem', code: 'LSP006' };
  const subject = subjectEp.ref;
  const blocked = flow.verdict === 'DROPPED';
  if (blocked && !ctx.isEnforcing(subject.namespace)) return IGNORED;
  const where = { namespace: subject.namespace, workload: subject.workload };
  const port = portOf(flow);
  if (port === 'ignored') return IGNORED;
  if (typeof port === 'string') return { kind: 'problem', code: port, ...where };
  const peerEp = ctx.resolve(direction === 'INGRESS' ? flow.source : flow.destination);
  let peer: InternalPeer | ProblemCode;
  if (peerEp.kind === 'pod') peer = { kind: 'endpoint', ref: peerEp.ref };
  else if (peerEp.kind === 'entity') peer = { kind: 'entity', entity: peerEp.entity };
  else if (peerEp.kind === 'world') peer = worldPeer(flow, direction, ctx);
  else peer = peerEp.code;
  if (typeof peer === 'string') return { kind: 'problem', code: peer, ...where };
  const note = peer.kind === 'fqdn' && peer.dropped ? ('LSP013' as const) : undefined;
  return { kind: 'observation', observation: { subject, direction, peer, ...port, blocked, ...(note && { note }) } };
}
