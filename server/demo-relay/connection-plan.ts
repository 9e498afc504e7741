import type { Prng } from './prng';
import type { ResolvedConnection, ScenarioModel } from './scenario-model';
import type { FlowTemplate, L4Spec } from './flow-template';
import { dnsFlow, dropFlow, packetL4, policyVerdictFlow, traceFlow, type PacketContext, type PolicyDecision } from './flow-steps';
import { isManaged, type ConnectionSide, type WireObject } from './wire-endpoint';

/**
 * The timeline of events one connection produces, as a Cilium agent with native routing and monitor aggregation
 * reports them: a policy verdict where a policy selects the endpoint (egress at the client's node, ingress at the
 * server's), trace events for SYN, SYN-ACK and the FIN exchange at each managed end, a drop notification and a
 * retransmitted SYN when policy denies it, and for DNS through the proxy the L7 request and response.
 */

/** What a plan needs from the generator. */
export interface PlanContext {
  model: ScenarioModel;
  rand: Prng;
  /** Returns the cached template for `key`, building it on first use. */
  template(key: string, build: () => { flow: WireObject; l4: L4Spec; nodeName: string; namespaces: string[] }): FlowTemplate;
}

/** A concrete occurrence of a connection. */
export interface ConnectionInstance {
  conn: ResolvedConnection;
  client: ConnectionSide;
  server: ConnectionSide;
  service?: { namespace: string; name: string };
  /** Template-cache key prefix: connection id and both sides. */
  key: string;
  /** For DNS lookups through the proxy: the query and its answer. */
  dns?: { query: string; ips: string[]; ttl: number };
}

/** One planned event: its offset from the connection start, its template and its ports. */
export interface PlannedEvent {
  offsetUs: number;
  template: FlowTemplate;
  clientPort: number;
  serverPort: number;
}

const MATCH_TYPES = { 'l3-only': 1, 'l3-l4': 2, 'l4-only': 3, all: 4 } as const;

/** The policy verdict for one direction of a connection, or undefined when no policy selects that end. */
export function decidePolicy(model: ScenarioModel, side: ConnectionSide, direction: 'ingress' | 'egress', conn: ResolvedConnection, redirect = false): PolicyDecision | undefined {
  if (side.kind !== 'pod') return undefined;
  const pod = side.pod!;
  const rollout = model.rollout.get(pod.namespace) ?? 'unselected';
  const policies = pod.workload.policies?.[direction] ?? [];
  if (rollout === 'unselected' || policies.length === 0) return undefined;
  if (!conn.uncovered?.includes(direction)) {
    const verdict = redirect ? 'REDIRECTED' : 'FORWARDED';
    return { verdict, matchType: MATCH_TYPES[conn.match ?? 'l3-l4'], policies: policies.map((p) => `${pod.namespace}/${p}`) };
  }
  const audit = model.endpointAuditMode.get(`${pod.node.name}/${pod.endpointId}`) ?? rollout === 'audit';
  return { verdict: audit ? 'AUDIT' : 'DROPPED', matchType: 0, policies: [] };
}

type End = 'client' | 'server';

class Timeline {
  readonly events: PlannedEvent[] = [];
  readonly clientPod: boolean;
  readonly serverManaged: boolean;
  /** Client and server are pods on the same node: packets go lxc to lxc, without TO_STACK. */
  readonly local: boolean;
  /** One-way latency in microseconds. */
  readonly latency: number;

  constructor(readonly ctx: PlanContext, readonly inst: ConnectionInstance, readonly clientPort: number, readonly serverPort: number) {
    const { client, server } = inst;
    this.clientPod = client.kind === 'pod';
    this.serverManaged = isManaged(server);
    this.local = this.clientPod && this.serverManaged && client.node === server.node;
    const r = ctx.rand;
    this.latency = server.kind === 'world' || client.kind === 'world' ? r.int(6_000, 30_000) : this.local ? r.int(8, 25) : r.int(60, 240);
  }

  private emit(offsetUs: number, end: End, reply: boolean, what: string, build: (p: PacketContext) => { flow: WireObject; l4: L4Spec }): void {
    const { client, server, service, conn } = this.inst;
    const observer = (end === 'client' ? client.node : server.node)!;
    const key = `${this.inst.key}|${observer.name}|${what}|${reply ? 'r' : 'f'}`;
    const template = this.ctx.template(key, () => {
      const p: PacketContext = {
        model: this.ctx.model, observer, reply, service, protocol: conn.protocol,
        source: reply ? server : client, destination: reply ? client : server,
        direction: end === 'client' ? 'EGRESS' : 'INGRESS',
      };
      const namespaces = [client.pod?.namespace, server.pod?.namespace].filter((n): n is string => !!n);
      return { ...build(p), nodeName: `${this.ctx.model.scenario.clusterName}/${observer.name}`, namespaces };
    });
    this.events.push({ offsetUs: Math.round(offsetUs), template, clientPort: this.clientPort, serverPort: this.serverPort });
  }

  verdict(offsetUs: number, end: End, decision: PolicyDecision, flags: string[]): void {
    this.emit(offsetUs, end, false, `pv-${decision.verdict}`, (p) => {
      const { l4, summary } = packetL4(p, flags);
      return { flow: policyVerdictFlow(p, decision, summary), l4 };
    });
  }

  drop(offsetUs: number, end: End, flags: string[]): void {
    this.emit(offsetUs, end, false, 'drop', (p) => {
      const { l4, summary } = packetL4(p, flags);
      return { flow: dropFlow(p, summary), l4 };
    });
  }

  trace(offsetUs: number, end: End, reply: boolean, point: 'TO_ENDPOINT' | 'TO_STACK' | 'TO_PROXY', reason: 'NEW' | 'ESTABLISHED' | 'REPLY', flags: string[]): void {
    this.emit(offsetUs, end, reply, `trace-${point}-${flags.join('')}`, (p) => {
      const { l4, summary } = packetL4(p, flags);
      return { flow: traceFlow(p, point, reason, summary), l4 };
    });
  }

  dns(offsetUs: number, reply: boolean, latencyNs: number): void {
    const dns = this.inst.dns!;
    this.emit(offsetUs, 'client', reply, 'dns', (p) => ({
      flow: dnsFlow(p, dns.query, reply ? { ips: dns.ips, ttl: dns.ttl, latencyNs } : undefined),
      l4: packetL4(p, []).l4,
    }));
  }
}

/** Plans the events of one connection instance. Offsets are relative to the connection start (µs). */
export function planConnection(ctx: PlanContext, inst: ConnectionInstance, clientPort: number, serverPort: number): PlannedEvent[] {
  const tl = new Timeline(ctx, inst, clientPort, serverPort);
  if (inst.dns && inst.client.pod?.workload.dnsProxy) planProxiedDns(tl);
  else if (inst.conn.protocol === 'TCP') planTcp(tl);
  else planDatagram(tl);
  return tl.events;
}

/** Opens the connection: verdicts and the first packet at both ends. Returns the arrival time, or -1 if denied. */
function open(tl: Timeline, flags: string[]): number {
  const { model } = tl.ctx;
  const { client, server, conn } = tl.inst;
  const egress = decidePolicy(model, client, 'egress', conn);
  if (egress) tl.verdict(0, 'client', egress, flags);
  if (egress?.verdict === 'DROPPED') return deny(tl, 0, 'client', egress, flags);
  if (tl.clientPod && !tl.local) tl.trace(9, 'client', false, 'TO_STACK', 'NEW', flags);
  if (!tl.serverManaged) return 2 * tl.latency;
  const ingress = decidePolicy(model, server, 'ingress', conn);
  if (ingress) tl.verdict(tl.latency, 'server', ingress, flags);
  if (ingress?.verdict === 'DROPPED') return deny(tl, tl.latency, 'server', ingress, flags);
  tl.trace(tl.latency + 6, 'server', false, 'TO_ENDPOINT', 'NEW', flags);
  return tl.latency + 6;
}

/** A denied first packet: verdict, drop notification, and the client's retransmission a second later. */
function deny(tl: Timeline, at: number, end: End, decision: PolicyDecision, flags: string[]): number {
  tl.drop(at + 3, end, flags);
  const retry = at + 1_000_000 + tl.ctx.rand.int(0, 30_000);
  if (end === 'server' && tl.clientPod && !tl.local) tl.trace(retry - tl.latency, 'client', false, 'TO_STACK', 'NEW', flags);
  tl.verdict(retry, end, decision, flags);
  tl.drop(retry + 3, end, flags);
  return -1;
}

/** The reply to a packet that reached the server at `arrived`; returns when it reaches the client. */
function answer(tl: Timeline, arrived: number, processUs: number, reason: 'REPLY', flags: string[]): number {
  let t = arrived + processUs;
  if (tl.serverManaged && !tl.local) tl.trace(t, 'server', true, 'TO_STACK', reason, flags);
  if (tl.serverManaged) t += tl.local ? 9 : tl.latency;
  if (tl.clientPod) tl.trace(t, 'client', true, 'TO_ENDPOINT', reason, flags);
  return t;
}

function planTcp(tl: Timeline): void {
  const r = tl.ctx.rand;
  const arrived = open(tl, ['SYN']);
  if (arrived < 0) return;
  const established = answer(tl, arrived, r.int(20, 90), 'REPLY', ['SYN', 'ACK']);
  const [min, max] = tl.inst.conn.durationMs ?? [5, 400];
  const close = established + r.int(min * 1000, max * 1000);
  if (tl.clientPod && !tl.local) tl.trace(close, 'client', false, 'TO_STACK', 'ESTABLISHED', ['ACK', 'FIN']);
  // NOTE: for an unmanaged server `answer` expects the round trip to be included (nothing is observed there).
  const finArrived = close + (tl.serverManaged ? tl.latency : 2 * tl.latency);
  if (tl.serverManaged) tl.trace(finArrived, 'server', false, 'TO_ENDPOINT', 'ESTABLISHED', ['ACK', 'FIN']);
  answer(tl, finArrived, r.int(20, 80), 'REPLY', ['ACK', 'FIN']);
}

function planDatagram(tl: Timeline): void {
  const arrived = open(tl, []);
  if (arrived < 0) return;
  const processing = tl.inst.conn.port === 53 ? tl.ctx.rand.int(120, 900) : tl.ctx.rand.int(15, 60);
  answer(tl, arrived, processing, 'REPLY', []);
}

/** DNS through Cilium's DNS proxy: REDIRECTED verdict, TO_PROXY, the L7 request and response around the exchange. */
function planProxiedDns(tl: Timeline): void {
  const r = tl.ctx.rand;
  const { client, conn } = tl.inst;
  const egress = decidePolicy(tl.ctx.model, client, 'egress', conn, true);
  if (egress) tl.verdict(0, 'client', egress, []);
  tl.trace(5, 'client', false, 'TO_PROXY', 'NEW', []);
  tl.dns(35, false, 0);
  const arrived = 35 + (tl.local ? 15 : tl.latency);
  tl.trace(arrived, 'server', false, 'TO_ENDPOINT', 'NEW', []);
  let t = arrived + (tl.inst.dns!.query.endsWith('.cluster.local.') ? r.int(80, 400) : r.int(2_000, 25_000));
  if (!tl.local) tl.trace(t, 'server', true, 'TO_STACK', 'REPLY', []);
  t += tl.local ? 9 : tl.latency;
  tl.dns(t + 25, true, (t + 25 - 35) * 1000);
  tl.trace(t + 45, 'client', true, 'TO_ENDPOINT', 'REPLY', []);
}
