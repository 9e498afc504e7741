import 'server-only';
import { ClientQueue } from '@/lib/live/client-queue';
import { formatStreamCursor, isAfterCursor, isStreamCursor, parseStreamCursor } from '@/lib/live/stream-cursor';
import type { FlowHub, SequencedFlow } from './flow-hub';
import type { MetricsRegistry } from '../metrics';

/**
 * Server-Sent Events for one browser tab (or several: tabs share one connection): flows of some namespaces (or
 * none, for the overview), the relay status, the namespace counters and optional extras (service-map feeds).
 * Contract, after tRPC's `tracked` SSE: subscribe first, then backfill from history
 * (Last-Event-ID resume: event ids mean something on every replica, see lib/live/stream-cursor.ts), and
 * de-duplicate by sequence number. Flows are batched (at most one `flows` event per
 * `flushMs`, so about 10 a second) through a bounded {@link ClientQueue}: a slow client gets the newest flows
 * and a `skipped` count, never unbounded server memory. A comment line every `pingMs` keeps proxies from
 * closing an idle stream.
 */

/** Extra per-client feeds (e.g. service-map deltas) merged into the stream. */
export interface LiveExtra {
  /** Event name, e.g. `graph`. */
  event: string;
  /** Called on each flush; returns a payload to send, or undefined when nothing changed. */
  poll(): unknown;
  close?(): void;
}

/** Options of {@link createLiveStream}. */
export interface LiveStreamOptions {
  hub: FlowHub;
  metrics: MetricsRegistry;
  /** Status provider (sent when it changes, at most once per second). */
  status(): unknown;
  /** Namespace whose flows are streamed; undefined streams no flows (overview pages). */
  namespace?: string;
  /** More namespaces whose flows are streamed (one stream per browser tab carries all the tab needs). */
  namespaces?: readonly string[];
  /** `Last-Event-ID` from the browser (a stream cursor, or a bare sequence number): resume after it. */
  lastEventId?: string | number;
  /**
   * Per-client queue capacity per namespace: the most flows of one namespace one `flows` event carries (newest
   * kept). Default: 250, i.e. at most ~2,500 flows/s per namespace and browser, more than a person can read; the
   * rest is counted as skipped.
   */
  queueCapacity?: number;
  /** Default: 100 ms. */
  flushMs?: number;
  /** Default: 15000 ms. */
  pingMs?: number;
  /** Backfill on a fresh connection (no Last-Event-ID). Default: 200 flows. */
  initialBackfill?: number;
  extras?: LiveExtra[];
  signal?: AbortSignal;
  /** The stream's slot from {@link SseAdmission} (per-client and total caps), released when it closes. */
  release?: () => void;
}

const encoder = new TextEncoder();

/** Formats one SSE event. Data is JSON on one line, so it can never break the framing. */
export function formatSseEvent(event: string, data: unknown, id?: string | number): string {
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A `flows` event from flows already in JSON: the same text as `formatSseEvent('flows', { flows, skipped }, id)`. */
function formatFlowsEvent(flowsJson: readonly string[], skipped: number, id: string): string {
  return `id: ${id}\nevent: flows\ndata: {"flows":[${flowsJson.join(',')}],"skipped":${skipped}}\n\n`;
}

/** Creates the SSE body for one client. */
export function createLiveStream(options: LiveStreamOptions): ReadableStream<Uint8Array> {
  const { hub, metrics } = options;
  const namespaces = [...new Set([...(options.namespace ? [options.namespace] : []), ...(options.namespaces ?? [])])];
  const queue = new ClientQueue<SequencedFlow>((options.queueCapacity ?? 250) * Math.max(1, namespaces.length));
  const resume = options.lastEventId === undefined ? undefined : parseStreamCursor(String(options.lastEventId));
  // The same replica resumes by sequence number; another one (or a replica restarted since) by flow time.
  const foreign = resume && isStreamCursor(resume) && resume.hub !== hub.id ? resume : undefined;
  const afterSeq = resume && !foreign ? resume.seq : undefined;
  const notBefore = foreign ? { time: foreign.time, nanos: foreign.nanos } : undefined;
  let lastSentSeq = afterSeq ?? 0;
  let sentTime = notBefore ?? { time: 0, nanos: 0 };
  const fresh = (entry: SequencedFlow) => entry.seq > lastSentSeq && (!notBefore || isAfterCursor(entry.flow.time, entry.flow.timeNanos, notBefore));
  /** Marks `entry` sent; returns its JSON, serialised once for every client (flows are never mutated). */
  const take = (entry: SequencedFlow) => {
    lastSentSeq = entry.seq;
    if (isAfterCursor(entry.flow.time, entry.flow.timeNanos, sentTime)) sentTime = { time: entry.flow.time, nanos: entry.flow.timeNanos };
    return (entry.json ??= JSON.stringify(entry.flow));
  };
  const eventId = () => formatStreamCursor({ hub: hub.id, seq: lastSentSeq, ...sentTime });
  let closed = false;
  let cleanup = () => {};

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const send = (text: string) => {
          if (!closed) controller.enqueue(encoder.encode(text));
        };
        // Subscribe first, so nothing that arrives during the backfill is lost; duplicates are dropped by seq (a flow
        // between two subscribed namespaces is pushed twice with the same seq, and sent once).
        const unsubscribes = namespaces.map((namespace) => hub.subscribe({ namespace, onFlow: (entry) => queue.push(entry) }));
        metrics.inc('lockstep_sse_clients', 1);
        send('retry: 2000\n\n');
        if (namespaces.length) {
          const bySeq = new Map<number, SequencedFlow>();
          let missed = 0;
          for (const namespace of namespaces) {
            const backfill = afterSeq !== undefined
              ? hub.recentFlows(namespace, { afterSeq })
              : hub.recentFlows(namespace, notBefore ? {} : { limit: options.initialBackfill ?? 200 });
            missed += backfill.missed;
            for (const f of backfill.flows) if (fresh(f)) bySeq.set(f.seq, f);
          }
          const flows = [...bySeq.values()].sort((a, b) => a.seq - b.seq).map(take);
          if (flows.length || missed) send(formatFlowsEvent(flows, missed, eventId()));
        }
        let lastStatus = '';
        let lastNamespaces = '';
        let ticks = 0;
        const flush = () => {
          if (closed) return;
          // The browser is not reading: keep our bounded queue (it drops the oldest) and try again later.
          if ((controller.desiredSize ?? 1) <= 0) return;
          const { items, skipped } = queue.drain();
          const flows: string[] = [];
          for (const entry of items) if (fresh(entry)) flows.push(take(entry));
          if (skipped) metrics.inc('lockstep_flows_skipped_total', skipped);
          if (flows.length || skipped) send(formatFlowsEvent(flows, skipped, eventId()));
          for (const extra of options.extras ?? []) {
            const payload = extra.poll();
            if (payload !== undefined) send(formatSseEvent(extra.event, payload));
          }
          if (ticks++ % 10 === 0) {
            const status = JSON.stringify(options.status());
            if (status !== lastStatus) send(`event: status\ndata: ${(lastStatus = status)}\n\n`);
            const namespaces = JSON.stringify(hub.namespaceSummaries());
            if (namespaces !== lastNamespaces) send(`event: namespaces\ndata: ${(lastNamespaces = namespaces)}\n\n`);
          }
        };
        flush();
        const flushTimer = setInterval(flush, options.flushMs ?? 100);
        const pingTimer = setInterval(() => send(': ping\n\n'), options.pingMs ?? 15_000);
        cleanup = () => {
          if (closed) return;
          closed = true;
          clearInterval(flushTimer);
          clearInterval(pingTimer);
          for (const unsubscribe of unsubscribes) unsubscribe();
          for (const extra of options.extras ?? []) extra.close?.();
          metrics.inc('lockstep_sse_clients', -1);
          options.release?.();
          try {
            controller.close();
          } catch {
            // Already closed by the runtime.
          }
        };
        options.signal?.addEventListener('abort', () => cleanup());
        if (options.signal?.aborted) cleanup();
        liveStreams.add(cleanup);
      },
      cancel() {
        cleanup();
        liveStreams.delete(cleanup);
      },
    },
    { highWaterMark: 32 },
  );
}

const liveStreams = new Set<() => void>();

/** Closes every open live stream (graceful shutdown: browsers reconnect to another replica). */
export function closeAllLiveStreams(): void {
  for (const close of liveStreams) close();
  liveStreams.clear();
}
