import 'server-only';
import type { Flow } from '@/lib/flow/flow';
import type { FindingOptions } from '@/lib/findings/finding';
import type { FlowCursor, IngestBatchResult, Store } from '../db/store';
import { AppError } from '../errors';
import type { MetricsRegistry } from '../metrics';
import { FlowBuffer } from './flow-buffer';
import type { FlowSource } from './flow-source';
import { declareIngestMetrics } from './ingest-metrics';
import { ResolverContext, type ResolverContextOptions } from './resolver-context';
import { summarizeFlows } from './summarize-flows';
import { ingestStartMessage } from './ingest-start-message';

/** Where the ingester reports. Default: `console` with a `[lockstep] ingest:` prefix. */
export interface IngestLog {
  info(message: string): void;
  warn(message: string): void;
}

/** Options of {@link Ingester}; every field has a default. */
export interface IngesterOptions {
  /** The ingest stream (its cursor row). Default: `'relay'`. */
  stream?: string;
  /** Recorded as the writer in `ingest_state`. Default: `'local'`. */
  leaderId?: string;
  /** Flush period. Default: 500 ms. */
  flushIntervalMs?: number;
  /** Flows per transaction; a full batch flushes at once. Default: 1000. */
  batchSize?: number;
  /** Buffer capacity (plus one batch in flight); flows beyond it are dropped and counted. Default: 20000. */
  bufferCapacity?: number;
  /** Resume `since` = cursor minus this (re-sent flows are dropped by uuid). Default: 5000 ms. */
  overlapMs?: number;
  /** Uuids are kept this long behind the cursor; first start reads this far back. Default: 6 h. */
  dedupeWindowMs?: number;
  /** Sample flows kept per finding. Default: 5. */
  sampleSize?: number;
  /** Passed to lib/findings (label priority, enforcing namespaces, cluster CIDRs). Default: lib defaults. */
  findingOptions?: Omit<FindingOptions, 'sampleSize' | 'dedupeWindow'>;
  resolverContext?: ResolverContextOptions;
  metrics?: MetricsRegistry;
  log?: IngestLog;
  /** Clock (tests). Default: Date.now. */
  now?: () => number;
}

/** Counters of one ingester. */
export interface IngesterStats {
  running: boolean;
  buffered: number;
  dropped: number;
  stored: number;
  duplicates: number;
  stale: number;
  batches: number;
  failedBatches: number;
  cursor: FlowCursor | undefined;
  lastBatchAt: number | undefined;
  lastError: string | undefined;
}

/** A log line for a failed batch: the error's code and message (driver messages carry no credentials). */
function describeError(error: unknown): string {
  if (error instanceof AppError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return [(error as NodeJS.ErrnoException).code, error.message].filter(Boolean).join(' ');
  return String(error);
}

const consoleLog: IngestLog = {
  info: (m) => console.info(`[lockstep] ingest: ${m}`),
  warn: (m) => console.warn(`[lockstep] ingest: ${m}`),
};
const DROP_LOG_INTERVAL_MS = 10_000;
const MAX_RETRY_MS = 30_000;

/**
 * Persists one flow source into the store: buffers policy verdicts, and every flush interval (or full batch)
 * applies them in one transaction (`IngestRepo.applyBatch`). See ingest-service.ts for the usage contract.
 */
export class Ingester {
  private readonly buffer: FlowBuffer;
  private readonly resolvers: ResolverContext;
  private readonly o: Required<Omit<IngesterOptions, 'metrics' | 'resolverContext'>> & { metrics?: MetricsRegistry };
  private readonly stat: IngesterStats;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<IngestBatchResult | undefined> | undefined;
  private retryAt = 0;
  private failures = 0;
  private droppedLogged = 0;
  private dropLogAt = 0;
  private stopped = false;
  private source: FlowSource;
  /** Time of the oldest flow dropped since the last re-read, if any. */
  private gapSince: number | undefined;

  constructor(
    private readonly store: Pick<Store, 'ingest'>,
    private readonly sources: FlowSource | (() => FlowSource),
    options: IngesterOptions = {},
  ) {
    this.source = typeof sources === 'function' ? sources() : sources;
    this.o = {
      stream: 'relay', leaderId: 'local', flushIntervalMs: 500, batchSize: 1_000, bufferCapacity: 20_000, overlapMs: 5_000,
      dedupeWindowMs: 6 * 3_600_000, sampleSize: 5, findingOptions: {}, log: consoleLog, now: Date.now, ...options,
    };
    if (this.o.metrics) declareIngestMetrics(this.o.metrics);
    this.buffer = new FlowBuffer(this.o.bufferCapacity);
    this.resolvers = new ResolverContext(options.resolverContext);
    this.stat = { running: false, buffered: 0, dropped: 0, stored: 0, duplicates: 0, stale: 0, batches: 0, failedBatches: 0, cursor: undefined, lastBatchAt: undefined, lastError: undefined };
  }

  /** Loads the cursor and resolver context, then starts the source at cursor − overlap. */
  async start(): Promise<void> {
    const [state, resolvers] = await Promise.all([this.store.ingest.state(this.o.stream), this.store.ingest.resolvers()]);
    if (this.stopped) return;
    this.resolvers.load(resolvers);
    this.stat.cursor = state?.cursor;
    const since = state?.cursor ? state.cursor.ms - this.o.overlapMs : this.o.now() - this.o.dedupeWindowMs;
    this.stat.running = true;
    this.timer = setInterval(() => this.onTick(), this.o.flushIntervalMs);
    this.timer.unref?.();
    this.source.start(since, { onFlow: (flow) => this.accept(flow) });
    this.o.metrics?.set('lockstep_ingest_cursor_seconds', Math.floor((state?.cursor?.ms ?? 0) / 1000));
    this.o.log.info(ingestStartMessage(this.o.now(), since, state?.cursor !== undefined));
  }

  /** Takes one flow from the source: DNS records feed the resolver context, policy verdicts the buffer. */
  accept(flow: Flow): void {
    if (!this.stat.running) return;
    this.resolvers.observe(flow);
    // Event type 0: exports with a field mask omit it; lib/findings treats those as policy verdicts too.
    if (flow.eventType !== 5 && flow.eventType !== 0) return;
    if (!this.buffer.push(flow)) this.noteDropped(flow);
    if (this.buffer.length >= this.o.batchSize && !this.flushing && this.o.now() >= this.retryAt) void this.flush();
  }

  /** Applies the buffered flows now (one batch). Resolves with the batch result, or undefined when idle or failed. */
  flush(): Promise<IngestBatchResult | undefined> {
    this.flushing ??= this.applyNext().finally(() => {
      this.flushing = undefined;
      // Keep up with a fast stream: a full batch waiting goes next, without waiting for the timer.
      if (this.stat.running && this.buffer.length >= this.o.batchSize && this.o.now() >= this.retryAt) void this.flush();
    });
    return this.flushing;
  }

  /** Stops the source; with `flush` (default) persists what is buffered first, else drops it (lost leadership). */
  async stop(options: { flush?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (!this.stat.running) return;
    this.stat.running = false;
    this.source.stop();
    if (this.timer) clearInterval(this.timer);
    await this.flushing;
    if (options.flush === false) return;
    while (this.buffer.length > 0) if (!(await this.flush())) break;
    await this.flush();
  }

  stats(): IngesterStats {
    return { ...this.stat, buffered: this.buffer.length, dropped: this.buffer.dropped };
  }

  private onTick(): void {
    this.o.metrics?.set('lockstep_ingest_buffer_flows', this.buffer.length);
    if (this.gapSince !== undefined && this.buffer.length <= this.o.bufferCapacity / 2) this.reread(this.gapSince);
    if (!this.flushing && this.o.now() >= this.retryAt) void this.flush();
  }

  /**
   * After an overflow, once the buffer has room again, subscribe anew from the oldest dropped flow: what the
   * relay still holds is recovered (repeats are dropped by uuid). Needs a source factory; a plain source cannot.
   */
  private reread(since: number): void {
    this.gapSince = undefined;
    if (typeof this.sources !== 'function') return;
    this.source.stop();
    this.source = this.sources();
    // No overlap: every dropped flow is at or after `since`, and an overlap would refill the buffer with flows
    // already stored, overflowing again at the same point.
    this.source.start(since, { onFlow: (flow) => this.accept(flow) });
    this.o.metrics?.inc('lockstep_ingest_rereads_total');
    this.o.log.info(`re-reading from ${new Date(since).toISOString()} after the buffer overflowed`);
  }

  private async applyNext(): Promise<IngestBatchResult | undefined> {
    const flows = this.buffer.take(this.o.batchSize);
    const resolvers = this.resolvers.takeDirty();
    if (flows.length === 0 && resolvers.upserts.length === 0 && resolvers.deletes.length === 0) return undefined;
    const seeds = this.resolvers.seeds();
    try {
      const result = await this.store.ingest.applyBatch({
        stream: this.o.stream, leaderId: this.o.leaderId, flows, resolvers, dedupeWindowMs: this.o.dedupeWindowMs,
        sampleSize: this.o.sampleSize, now: this.o.now(),
        summarize: (fresh) => summarizeFlows(fresh, seeds, { ...this.o.findingOptions, sampleSize: this.o.sampleSize }),
      });
      this.recordSuccess(result);
      return result;
    } catch (error) {
      this.recordFailure(error, flows, resolvers);
      return undefined;
    }
  }

  private recordSuccess(result: IngestBatchResult): void {
    this.failures = 0;
    this.retryAt = 0;
    Object.assign(this.stat, {
      stored: this.stat.stored + result.stored, duplicates: this.stat.duplicates + result.duplicates, stale: this.stat.stale + result.stale,
      batches: this.stat.batches + 1, cursor: result.cursor, lastBatchAt: this.o.now(), lastError: undefined,
    });
    const m = this.o.metrics;
    if (!m) return;
    m.inc('lockstep_ingest_batches_total', 1, { result: 'ok' });
    m.inc('lockstep_ingest_flows_total', result.stored, { result: 'stored' });
    m.inc('lockstep_ingest_flows_total', result.duplicates, { result: 'duplicate' });
    m.inc('lockstep_ingest_flows_total', result.stale, { result: 'stale' });
    if (result.cursor) m.set('lockstep_ingest_cursor_seconds', Math.floor(result.cursor.ms / 1000));
  }

  /** The transaction rolled back: everything goes back for a retry with exponential backoff. */
  private recordFailure(error: unknown, flows: Flow[], resolvers: ReturnType<ResolverContext['takeDirty']>): void {
    const lost = this.buffer.putBack(flows);
    if (lost > 0) this.o.metrics?.inc('lockstep_ingest_dropped_total', lost);
    this.resolvers.restoreDirty(resolvers);
    this.failures += 1;
    const delay = Math.min(MAX_RETRY_MS, 500 * 2 ** this.failures);
    this.retryAt = this.o.now() + delay;
    const message = describeError(error);
    this.stat.failedBatches += 1;
    this.stat.lastError = message;
    this.o.metrics?.inc('lockstep_ingest_batches_total', 1, { result: 'error' });
    this.o.log.warn(`batch of ${flows.length} flows failed (${message}); retrying in ${delay} ms`);
  }

  /** Counts a dropped flow; logs at most every 10 s how many were dropped since the last message. */
  private noteDropped(flow: Flow): void {
    this.gapSince = Math.min(this.gapSince ?? Infinity, flow.time);
    this.o.metrics?.inc('lockstep_ingest_dropped_total');
    const now = this.o.now();
    if (now < this.dropLogAt) return;
    this.dropLogAt = now + DROP_LOG_INTERVAL_MS;
    const count = this.buffer.dropped - this.droppedLogged;
    this.droppedLogged = this.buffer.dropped;
    this.o.log.warn(`buffer full (${this.o.bufferCapacity} flows): dropped ${count} flow(s); the database is slower than the stream`);
  }
}
