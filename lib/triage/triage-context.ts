import type { Flow } from '../flow/flow';
import type { Finding } from '../findings/finding';
import { policyNamespace } from '../findings/audit-accounting';
import { endpointWorkloadKey, initiatorKey, responderKey, subjectKey } from './workload-key';

/** What triage knows besides a finding: read once from the findings and the recorded flows of an analysis. */
export interface TriageContext {
  /** Start and end of the observation (earliest and latest time seen), ms since the epoch. */
  observedFrom: number;
  observedUntil: number;
  /** Workload key → ports it was seen serving: it replied from them, or several workloads connected to them. */
  servedPorts: Map<string, Set<number>>;
  /** Addresses some DNS answer in the flows explained. */
  answeredIps: Set<string>;
  /** Workload key → POLICY_DENIED drops of connections it opened, by the namespace whose policy dropped them. */
  droppedSources: Map<string, Map<string, number>>;
  /** True when some flow carries Hubble `workloads` (older agents never fill it, and then no pod looks owned). */
  workloadsKnown: boolean;
  /** Workload key → when its traffic (any finding) was first seen, and its connections per UTC hour. */
  activity: Map<string, { firstSeen: number; hours: number[] }>;
}

/** Options of {@link buildTriageContext}. */
export interface TriageContextOptions {
  /** When observation started, if known better than the earliest time seen (e.g. the audit window). */
  observedFrom?: number;
}

const MAX_KEYS = 20_000;

function add<K, V>(map: Map<K, V>, key: K, create: () => V): V | undefined {
  let value = map.get(key);
  if (value === undefined) {
    if (map.size >= MAX_KEYS) return undefined;
    map.set(key, (value = create()));
  }
  return value;
}

/** The opening side's activity: when the workload was first seen and its connections per hour of day. */
function noteActivity(ctx: TriageContext, flow: Flow): void {
  if (flow.isReply === true || (flow.eventType !== 5 && flow.eventType !== 0)) return;
  const key = endpointWorkloadKey(flow.source);
  const activity = key && add(ctx.activity, key, () => ({ firstSeen: flow.time, hours: new Array<number>(24).fill(0) }));
  if (!activity) return;
  activity.firstSeen = Math.min(activity.firstSeen, flow.time);
  activity.hours[new Date(flow.time).getUTCHours()]++;
}

function noteFlow(ctx: TriageContext, flow: Flow, clients: Map<string, Set<string>>): void {
  const l4 = flow.l4;
  if (!ctx.workloadsKnown && (flow.source.workloads.length > 0 || flow.destination.workloads.length > 0)) ctx.workloadsKnown = true;
  noteActivity(ctx, flow);
  for (const ip of flow.l7?.dns?.ips ?? []) if (ctx.answeredIps.size < MAX_KEYS) ctx.answeredIps.add(ip);
  if (flow.verdict === 'DROPPED' && flow.dropReason === 'POLICY_DENIED' && flow.isReply !== true) {
    const source = endpointWorkloadKey(flow.source);
    const entry = source && add(ctx.droppedSources, source, () => new Map<string, number>());
    const namespace = policyNamespace(flow);
    if (entry && namespace) entry.set(namespace, (entry.get(namespace) ?? 0) + 1);
  }
  if (!l4 || (l4.protocol !== 'TCP' && l4.protocol !== 'UDP' && l4.protocol !== 'SCTP')) return;
  if (flow.isReply === true) {
    const server = endpointWorkloadKey(flow.source);
    if (server) add(ctx.servedPorts, server, () => new Set<number>())?.add(l4.sourcePort);
    return;
  }
  const server = endpointWorkloadKey(flow.destination);
  const client = endpointWorkloadKey(flow.source) ?? flow.ip.source;
  if (server && client) add(clients, `${server}|${l4.destinationPort}`, () => new Set<string>())?.add(client);
}

/** What {@link TriageObserver.state} hands to another thread. */
export interface TriageObserverState {
  ctx: TriageContext;
  clients: Map<string, Set<string>>;
}

function mergeSet<T>(map: Map<string, Set<T>>, key: string, values: Set<T>): void {
  const known = map.get(key);
  if (!known) map.set(key, values);
  else for (const v of values) known.add(v);
}

/**
 * Reads flows one at a time (streaming: a capture is never held in memory) and finishes the context with the
 * findings. Memory is bounded: every map is capped.
 */
export class TriageObserver {
  private readonly ctx: TriageContext = { observedFrom: Infinity, observedUntil: -Infinity, servedPorts: new Map(), answeredIps: new Set(), droppedSources: new Map(), activity: new Map(), workloadsKnown: false };
  private readonly clients = new Map<string, Set<string>>();

  /** Notes one flow (any verdict, DNS answers and replies included). */
  add(flow: Flow): void {
    this.ctx.observedFrom = Math.min(this.ctx.observedFrom, flow.time);
    this.ctx.observedUntil = Math.max(this.ctx.observedUntil, flow.time);
    noteFlow(this.ctx, flow, this.clients);
  }

  /** The observer's state for another thread (structured-clone safe; the maps are not copied). */
  state(): TriageObserverState {
    return { ctx: this.ctx, clients: this.clients };
  }

  /**
   * Adds the state of an observer that read the flows after this one's: the same as if this one had read them, as
   * long as no map reached its cap (then the later flows' keys could differ). Returns false when one did.
   */
  merge(later: TriageObserverState): boolean {
    const ctx = this.ctx;
    const b = later.ctx;
    ctx.observedFrom = Math.min(ctx.observedFrom, b.observedFrom);
    ctx.observedUntil = Math.max(ctx.observedUntil, b.observedUntil);
    ctx.workloadsKnown ||= b.workloadsKnown;
    for (const ip of b.answeredIps) ctx.answeredIps.add(ip);
    for (const [key, ports] of b.servedPorts) mergeSet(ctx.servedPorts, key, ports);
    for (const [key, who] of later.clients) mergeSet(this.clients, key, who);
    for (const [key, byNamespace] of b.droppedSources) {
      const entry = ctx.droppedSources.get(key) ?? ctx.droppedSources.set(key, new Map()).get(key)!;
      for (const [namespace, n] of byNamespace) entry.set(namespace, (entry.get(namespace) ?? 0) + n);
    }
    for (const [key, activity] of b.activity) {
      const known = ctx.activity.get(key);
      if (!known) ctx.activity.set(key, activity);
      else {
        known.firstSeen = Math.min(known.firstSeen, activity.firstSeen);
        activity.hours.forEach((n, h) => (known.hours[h] += n));
      }
    }
    return [ctx.answeredIps, ctx.servedPorts, this.clients, ctx.droppedSources, ctx.activity].every((m) => m.size < MAX_KEYS);
  }

  /** The context for these findings (a new object; the observer can go on). */
  finish(findings: readonly Finding[], options: TriageContextOptions = {}): TriageContext {
    const ctx: TriageContext = {
      ...this.ctx,
      servedPorts: new Map([...this.ctx.servedPorts].map(([k, v]) => [k, new Set(v)])),
      activity: new Map([...this.ctx.activity].map(([k, v]) => [k, { firstSeen: v.firstSeen, hours: [...v.hours] }])),
    };
    const clients = new Map([...this.clients].map(([k, v]) => [k, new Set(v)]));
    for (const f of findings) {
      if (!ctx.workloadsKnown && f.samples.some((s) => s.source.workloads.length > 0 || s.destination.workloads.length > 0)) ctx.workloadsKnown = true;
      ctx.observedFrom = Math.min(ctx.observedFrom, f.firstSeen);
      ctx.observedUntil = Math.max(ctx.observedUntil, f.lastSeen);
      const server = responderKey(f);
      const client = initiatorKey(f) ?? JSON.stringify(f.peer);
      if (server) add(clients, `${server}|${f.port}`, () => new Set<string>())?.add(client);
      const activity = add(ctx.activity, subjectKey(f), () => ({ firstSeen: f.firstSeen, hours: new Array<number>(24).fill(0) }));
      if (!activity) continue;
      activity.firstSeen = Math.min(activity.firstSeen, f.firstSeen);
      f.timing?.hours.forEach((n, h) => (activity.hours[h] += n));
    }
    // Several different workloads connecting to the same port: the server offers it.
    for (const [key, who] of clients) {
      if (who.size < 2) continue;
      const bar = key.lastIndexOf('|');
      add(ctx.servedPorts, key.slice(0, bar), () => new Set<number>())?.add(Number(key.slice(bar + 1)));
    }
    if (options.observedFrom !== undefined) ctx.observedFrom = Math.min(ctx.observedFrom, options.observedFrom);
    if (!Number.isFinite(ctx.observedFrom)) ctx.observedFrom = ctx.observedUntil = 0;
    return ctx;
  }
}

/** Builds the context from an analysis's findings and recorded flows (any verdicts, DNS answers included). */
export function buildTriageContext(findings: readonly Finding[], flows: Iterable<Flow>, options: TriageContextOptions = {}): TriageContext {
  const observer = new TriageObserver();
  for (const flow of flows) observer.add(flow);
  return observer.finish(findings, options);
}
