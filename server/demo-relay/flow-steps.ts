import type { ScenarioModel } from './scenario-model';
import type { ScenarioNode } from './scenario-types';
import { endpointInterface, macOf, nodeLabels, wireEndpoint, type ConnectionSide, type WireObject } from './wire-endpoint';
import type { L4Spec } from './flow-template';

/**
 * Builders of the static part of one Hubble event, as a Cilium 1.19 agent emits it: policy verdicts (type 5),
 * drop notifications (type 1), trace notifications (type 4) and DNS access logs (type 129). Which events a
 * connection produces, and when, is decided by connection-plan.ts.
 */

/** The Hubble version the demo agents report. */
export const DEMO_HUBBLE_VERSION = '1.19.4';
const EMITTER = Object.freeze({ name: 'Hubble', version: DEMO_HUBBLE_VERSION });
/** Cilium's DNS proxy port (a random high port per agent; fixed here). */
export const DNS_PROXY_PORT = 37581;

/** The packet an event describes: who sends it to whom, seen by which agent, over which Service. */
export interface PacketContext {
  model: ScenarioModel;
  observer: ScenarioNode;
  /** Sender and receiver of this packet (swapped for replies). */
  source: ConnectionSide;
  destination: ConnectionSide;
  /** True for packets of the server → client direction. */
  reply: boolean;
  /** The connection's traffic direction as seen by the observing endpoint. */
  direction: 'INGRESS' | 'EGRESS';
  /** The Service the client addressed (`{namespace, name}`), if any. */
  service?: { namespace: string; name: string };
  protocol: 'TCP' | 'UDP' | 'ICMPv4';
}

/** A policy verdict decided for one direction of a connection. */
export interface PolicyDecision {
  verdict: 'FORWARDED' | 'REDIRECTED' | 'AUDIT' | 'DROPPED';
  /** `policy_match_type` (0 for AUDIT / DROPPED). */
  matchType: number;
  /** Allowing policies (`ns/name`) for FORWARDED / REDIRECTED. */
  policies: string[];
}

/** The fields every L3/L4 or L7 event shares. */
function baseFlow(p: PacketContext, verdict: string, type: 'L3_L4' | 'L7'): WireObject {
  const flow: WireObject = { emitter: EMITTER, verdict };
  if (type === 'L3_L4') flow.ethernet = { source: macOf(p.source.ip), destination: macOf(p.destination.ip) };
  flow.IP = { source: p.source.ip, destination: p.destination.ip, ipVersion: 'IPv4' };
  flow.source = wireEndpoint(p.source, p.observer, p.model);
  flow.destination = wireEndpoint(p.destination, p.observer, p.model);
  flow.Type = type;
  flow.node_name = `${p.model.scenario.clusterName}/${p.observer.name}`;
  flow.node_labels = nodeLabels(p.observer);
  if (p.source.names?.length) flow.source_names = p.source.names;
  if (p.destination.names?.length) flow.destination_names = p.destination.names;
  if (p.service) flow[p.reply ? 'source_service' : 'destination_service'] = p.service;
  flow.traffic_direction = p.direction;
  return flow;
}

/** The L4 spec and `Summary` of a packet. */
export function packetL4(p: PacketContext, tcpFlags: string[]): { l4: L4Spec; summary: string } {
  if (p.protocol === 'ICMPv4') {
    return p.reply ? { l4: { protocol: 'ICMPv4', type: 0, code: 0 }, summary: 'ICMPv4 EchoReply' } : { l4: { protocol: 'ICMPv4', type: 8, code: 0 }, summary: 'ICMPv4 EchoRequest' };
  }
  if (p.protocol === 'UDP') return { l4: { protocol: 'UDP', forward: !p.reply }, summary: 'UDP' };
  const flags: Record<string, true> = {};
  for (const f of tcpFlags) flags[f] = true;
  return { l4: { protocol: 'TCP', flags, forward: !p.reply }, summary: `TCP Flags: ${tcpFlags.join(', ')}` };
}

/** A policy-verdict event (type 5): AUDIT / FORWARDED / REDIRECTED / DROPPED for the connection's first packet. */
export function policyVerdictFlow(p: PacketContext, decision: PolicyDecision, summary: string): WireObject {
  const flow = baseFlow(p, decision.verdict, 'L3_L4');
  if (decision.verdict === 'DROPPED') {
    flow.drop_reason = 133;
    flow.drop_reason_desc = 'POLICY_DENIED';
  }
  flow.event_type = { type: 5 };
  if (decision.matchType) flow.policy_match_type = decision.matchType;
  if (decision.verdict === 'REDIRECTED') flow.proxy_port = DNS_PROXY_PORT;
  // Cilium leaves is_reply unset on denied verdicts (no connection entry to tell); allowed/audited ones are requests.
  if (decision.verdict !== 'DROPPED') flow.is_reply = { value: false };
  flow.Summary = summary;
  if (decision.policies.length && decision.verdict !== 'DROPPED' && decision.verdict !== 'AUDIT') {
    flow[p.direction === 'EGRESS' ? 'egress_allowed_by' : 'ingress_allowed_by'] = decision.policies.map(policyRef);
  }
  return flow;
}

/** A drop notification (type 1, sub-type 133) following a DROPPED policy verdict. */
export function dropFlow(p: PacketContext, summary: string): WireObject {
  const flow = baseFlow(p, 'DROPPED', 'L3_L4');
  flow.drop_reason = 133;
  flow.event_type = { type: 1, sub_type: 133 };
  flow.drop_reason_desc = 'POLICY_DENIED';
  flow.file = { name: 'bpf_lxc.c', line: p.direction === 'EGRESS' ? 1311 : 2113 };
  flow.Summary = summary;
  return flow;
}

/** Trace observation points used by the demo, with their monitor sub-types (pkg/monitor/api/types.go). */
const TRACE_POINTS = { TO_ENDPOINT: 0, TO_PROXY: 1, TO_STACK: 3 } as const;

/** A trace event (type 4) at an observation point; FORWARDED. */
export function traceFlow(p: PacketContext, point: keyof typeof TRACE_POINTS, reason: 'NEW' | 'ESTABLISHED' | 'REPLY', summary: string): WireObject {
  const flow = baseFlow(p, 'FORWARDED', 'L3_L4');
  if (p.reply) flow.reply = true;
  const subType = TRACE_POINTS[point];
  flow.event_type = subType ? { type: 4, sub_type: subType } : { type: 4 };
  flow.trace_observation_point = point;
  flow.trace_reason = reason;
  flow.is_reply = { value: p.reply };
  if (point === 'TO_ENDPOINT') {
    const iface = endpointInterface(p.destination);
    if (iface) flow.interface = iface;
  }
  if (point === 'TO_PROXY') flow.proxy_port = DNS_PROXY_PORT;
  flow.Summary = summary;
  return flow;
}

/** A DNS request or response seen by the DNS proxy (type 129, Type L7). */
export function dnsFlow(p: PacketContext, query: string, answer: { ips: string[]; ttl: number; latencyNs: number } | undefined): WireObject {
  const flow = baseFlow(p, 'FORWARDED', 'L7');
  const dns: WireObject = answer
    ? { query, ips: answer.ips, ttl: answer.ttl, observation_source: 'proxy', qtypes: ['A'], rrtypes: ['A'] }
    : { query, observation_source: 'proxy', qtypes: ['A'] };
  flow.l7 = answer ? { type: 'RESPONSE', latency_ns: answer.latencyNs, dns } : { type: 'REQUEST', dns };
  flow.event_type = { type: 129 };
  flow.is_reply = { value: p.reply };
  flow.Summary = answer ? `DNS Answer "${answer.ips.join(',')}" TTL: ${answer.ttl} (Proxy ${query} A)` : `DNS Query ${query} A`;
  return flow;
}

function policyRef(qualified: string): WireObject {
  const [namespace, name] = qualified.split('/');
  return {
    name,
    namespace,
    labels: [
      'k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy',
      `k8s:io.cilium.k8s.policy.name=${name}`,
      `k8s:io.cilium.k8s.policy.namespace=${namespace}`,
      `k8s:io.cilium.k8s.policy.uid=${policyUid(qualified)}`,
    ],
    revision: 7,
    kind: 'CiliumNetworkPolicy',
  };
}

function policyUid(qualified: string): string {
  let h = 0x811c9dc5;
  const words: number[] = [];
  for (let w = 0; w < 4; w++) {
    for (let i = 0; i < qualified.length; i++) h = Math.imul(h ^ qualified.charCodeAt(i) ^ w, 16777619) >>> 0;
    words.push(h);
  }
  const hex = words.map((x) => x.toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
