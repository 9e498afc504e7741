import 'server-only';
import { policyNamespace } from '@/lib/findings/audit-accounting';
import type { Flow, LostEvent, NodeStatusEvent, Verdict } from '@/lib/flow/flow';
import { RingBuffer } from '@/lib/live/ring-buffer';
import type { NamespaceSummary } from '@/lib/live/types';
import { randomUUID } from 'node:crypto';

/**
 * The server's live flow store: every flow from the one relay subscription passes through `ingest`, which keeps
 * bounded per-namespace history (for the flow table, SSE resume and `GET /flows`), verdict counters, and fans the
 * flow out to live listeners. Memory is bounded by `flowsPerNamespace × maxNamespaces`.
 */

/** A flow with its hub-wide sequence number (the SSE event id). */
export interface SequencedFlow {
  seq: number;
  flow: Flow;
  /** The flow's JSON, written by the first SSE stream that sends it and reused by every other (sse-stream.ts). */
  json?: string;
}

/** A live listener: gets every flow of the namespaces it asked for (`'*'` = all). */
export interface FlowListener {
  namespace: string;
  onFlow(entry: SequencedFlow): void;
}

/** Options of {@link FlowHub}. */
export interface FlowHubOptions {
  /** Recent flows kept per namespace. Default: 2000. */
  flowsPerNamespace?: number;
  /** Namespaces tracked before the least recently active is evicted. Default: 1000. */
  maxNamespaces?: number;
  /**
   * The clock of the flows/s counter, epoch ms. Default: {@link monotonicNow}. NOTE: not Date.now, which Next.js
   * wraps with two async-storage lookups; `ingest` reads the clock for every flow.
   */
  now?: () => number;
}

/** Epoch ms from the monotonic clock (performance.timeOrigin + performance.now()). */
export function monotonicNow(): number {
  return performance.timeOrigin + performance.now();
}

interface NamespaceState {
  summary: NamespaceSummary;
  recent: RingBuffer<SequencedFlow>;
  /** Sequence number of the last flow, for least-recently-active eviction. */
  touched: number;
}

export class FlowHub {
  /** This replica's hub, in SSE ids (see lib/live/stream-cursor.ts). */
  readonly id = randomUUID().slice(0, 8);
  private seq = 0;
  private readonly namespaces = new Map<string, NamespaceState>();
  private readonly listeners = new Set<FlowListener>();
  private readonly flowsPerNamespace: number;
  private readonly maxNamespaces: number;
  private readonly now: () => number;
  readonly lost: { total: number; bySource: Record<string, number>; lastAt: number | undefined } = { total: 0, bySource: {}, lastAt: undefined };
  readonly nodeEvents = new RingBuffer<NodeStatusEvent>(20);
  evictedNamespaces = 0;
  /** Per-second ingest counts over the last 10 s, for the flows/s shown to users. */
  private readonly rateBuckets = new Array<number>(10).fill(0);
  private rateSecond = 0;

  constructor(options: FlowHubOptions = {}) {
    this.flowsPerNamespace = options.flowsPerNamespace ?? 2000;
    this.maxNamespaces = options.maxNamespaces ?? 1000;
    this.now = options.now ?? monotonicNow;
  }

  /** Adds one flow: counters, history, listeners. Returns its sequence number. */
  ingest(flow: Flow): number {
    const seq = ++this.seq;
    const entry: SequencedFlow = { seq, flow };
    this.countRate();
    const src = flow.source.namespace;
    const dst = flow.destination.namespace;
    // An AUDIT verdict is credited to the namespace whose policy reported it (destination for INGRESS, source for
    // EGRESS): a namespace that enforces, or has no policy, must not look as if it were in audit mode.
    const auditedIn = flow.verdict === 'AUDIT' ? policyNamespace(flow) : '';
    if (src) this.record(src, entry, !auditedIn || auditedIn === src);
    if (dst && dst !== src) this.record(dst, entry, !auditedIn || auditedIn === dst);
    for (const listener of this.listeners) {
      if (listener.namespace === '*' || listener.namespace === src || listener.namespace === dst) listener.onFlow(entry);
    }
    return seq;
  }

  /** Records a `lost_events` report. */
  recordLost(event: LostEvent): void {
    this.lost.total += event.numEventsLost;
    this.lost.bySource[event.source] = (this.lost.bySource[event.source] ?? 0) + event.numEventsLost;
    this.lost.lastAt = event.time || Date.now();
  }

  /** Makes a namespace known before it has flows (from `GetNamespaces`). */
  touchNamespace(name: string): void {
    if (name) this.state(name);
  }

  subscribe(listener: FlowListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** Every namespace, sorted by name. */
  namespaceSummaries(): NamespaceSummary[] {
    return [...this.namespaces.values()].map((s) => ({ ...s.summary, verdicts: { ...s.summary.verdicts } })).sort((a, b) => a.name.localeCompare(b.name));
  }

  hasNamespace(name: string): boolean {
    return this.namespaces.has(name);
  }

  /** Recent flows of a namespace, newest last; optionally only those after `afterSeq` (SSE resume). */
  recentFlows(namespace: string, options: { afterSeq?: number; limit?: number; verdict?: Verdict } = {}): { flows: SequencedFlow[]; missed: number } {
    const state = this.namespaces.get(namespace);
    if (!state) return { flows: [], missed: 0 };
    let flows = state.recent.latest(state.recent.capacity);
    let missed = 0;
    if (options.afterSeq !== undefined) {
      const oldest = flows[0]?.seq;
      const after = options.afterSeq;
      flows = flows.filter((f) => f.seq > after);
      // Sequence numbers are hub-wide, so a gap here over-counts flows of other namespaces: report it as "some".
      if (oldest !== undefined && oldest > after + 1 && state.recent.size === state.recent.capacity) missed = 1;
    }
    if (options.verdict) flows = flows.filter((f) => f.flow.verdict === options.verdict);
    if (options.limit !== undefined && flows.length > options.limit) flows = flows.slice(flows.length - options.limit);
    return { flows, missed };
  }

  /** Flows per second received over the last 10 seconds. */
  ingestRate(now = this.now()): number {
    this.advanceRate(Math.floor(now / 1000));
    // The current second is partial: average the nine complete ones.
    const current = this.rateSecond % 10;
    let sum = 0;
    for (let i = 0; i < 10; i++) if (i !== current) sum += this.rateBuckets[i];
    return Math.round(sum / 9);
  }

  private countRate(): void {
    this.advanceRate(Math.floor(this.now() / 1000));
    this.rateBuckets[this.rateSecond % 10] += 1;
  }

  private advanceRate(second: number): void {
    if (second === this.rateSecond) return;
    const steps = Math.min(10, second - this.rateSecond);
    for (let i = 1; i <= steps; i++) this.rateBuckets[(this.rateSecond + i) % 10] = 0;
    this.rateSecond = second;
  }

  private evictLeastRecent(): void {
    let oldest: string | undefined;
    let touched = Infinity;
    for (const [name, state] of this.namespaces) if (state.touched < touched) [oldest, touched] = [name, state.touched];
    if (oldest !== undefined) this.namespaces.delete(oldest);
    this.evictedNamespaces += 1;
  }

  private record(namespace: string, entry: SequencedFlow, countVerdict: boolean): void {
    const state = this.state(namespace);
    const s = state.summary;
    s.flows += 1;
    if (countVerdict) s.verdicts[entry.flow.verdict] = (s.verdicts[entry.flow.verdict] ?? 0) + 1;
    s.lastSeen = entry.flow.time;
    state.recent.push(entry);
  }

  private state(namespace: string): NamespaceState {
    let state = this.namespaces.get(namespace);
    if (state) {
      state.touched = this.seq;
      return state;
    }
    if (this.namespaces.size >= this.maxNamespaces) this.evictLeastRecent();
    state = { summary: { name: namespace, verdicts: {}, flows: 0, lastSeen: undefined }, recent: new RingBuffer(this.flowsPerNamespace), touched: this.seq };
    this.namespaces.set(namespace, state);
    return state;
  }
}
