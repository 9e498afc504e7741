import 'server-only';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MetricsRegistry } from '../metrics';
import type { IngestLog } from './ingester';
import { declareIngestMetrics } from './ingest-metrics';
import type { IngestService, IngestStatus } from './ingest-service';
import type { IngestWorkerData, IngestWorkerMessage, IngestWorkerReport } from './ingest-worker-protocol';

/**
 * The persistent ingest (ingest-service.ts) on its own thread: the relay stream it reads, the wire decoding,
 * de-duplication and the database batches run beside the thread that serves HTTP, the live flow hub, the graph
 * and SSE, so the two use two cores. Nothing flows back per flow: the thread posts its status and its ingest
 * metrics every `reportMs`, merged into this thread's registry.
 *
 * If the thread dies (an error, or it was terminated), it is started again after `restartMs`, counted in
 * `lockstep_ingest_worker_restarts_total`. Batches are transactions and a new thread resumes from the persisted
 * cursor minus the overlap, so a crash loses no persisted flow: the buffered ones are read again from the relay
 * (as after a SIGKILL of the whole process). Counters continue across restarts.
 */

/** Options of {@link startIngestWorker}. */
export interface IngestWorkerOptions extends Omit<IngestWorkerData, 'reportMs'> {
  metrics: MetricsRegistry;
  log?: IngestLog;
  /** Default: 1000 ms. */
  reportMs?: number;
  /** Delay before a dead thread is started again; doubles (up to 30 s) while threads die within 10 s. Default: 1000 ms. */
  restartMs?: number;
  /**
   * How the thread's entry is loaded. `bundled` (the production server): the entry Next.js's bundler emitted for
   * `new Worker(new URL(...))`. `source` (tests, tsx scripts): the TypeScript file through tsx's require hook.
   */
  entry: 'bundled' | 'source';
}

/** A running ingest thread; `worker()` is the current thread (tests terminate it to simulate a crash). */
export interface IngestWorkerService extends IngestService {
  worker(): Worker | undefined;
  restarts(): number;
}

// The thread takes the policy-verdict and DNS flows only (a few thousand a second where the main thread takes
// every flow): a young generation of 8 MiB (V8 grows it up to 48 MiB by default) holds its short-lived objects and
// keeps its heap, hence the process's memory, small and steady.
const INGEST_THREAD_LIMITS = { maxYoungGenerationSizeMb: 8 };

function spawn(entry: IngestWorkerOptions['entry'], workerData: IngestWorkerData): Worker {
  if (entry === 'source') {
    const file = fileURLToPath(new URL('./ingest-worker.ts', import.meta.url));
    return new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true, execArgv: ['--conditions=react-server'], workerData, resourceLimits: INGEST_THREAD_LIMITS });
  }
  return new Worker(new URL('./ingest-worker.ts', import.meta.url), { workerData, resourceLimits: INGEST_THREAD_LIMITS });
}

const consoleLog: IngestLog = {
  info: (m) => console.info(`[lockstep] ingest: ${m}`),
  warn: (m) => console.warn(`[lockstep] ingest: ${m}`),
};

/** Starts the ingest thread. */
export function startIngestWorker(options: IngestWorkerOptions): IngestWorkerService {
  const { metrics, entry } = options;
  const log = options.log ?? consoleLog;
  declareIngestMetrics(metrics);
  metrics.declare('lockstep_ingest_worker_restarts_total', 'counter', 'Times the ingest thread died and was started again.');
  const data: IngestWorkerData = { db: options.db, storeOptions: options.storeOptions, relay: options.relay, options: options.options, reportMs: options.reportMs ?? 1_000 };
  /** Counter values of the threads that died, so that counters never go back. */
  const base = new Map<string, number>();
  let last: Extract<IngestWorkerReport, { type: 'report' }> | undefined;
  let current: Worker | undefined;
  let restarts = 0;
  /** Threads in a row that died within 10 s of their start (a database or relay that refuses it): backoff. */
  let quickDeaths = 0;
  let startedAt = 0;
  let stopping: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const key = (name: string, labels: Record<string, string>) => `${name}\u0000${JSON.stringify(labels)}`;

  function apply(report: Extract<IngestWorkerReport, { type: 'report' }>): void {
    last = report;
    for (const c of report.metrics) metrics.set(c.name, c.type === 'counter' ? (base.get(key(c.name, c.labels)) ?? 0) + c.value : c.value, c.labels);
  }

  function start(): void {
    const worker = spawn(entry, data);
    current = worker;
    startedAt = Date.now();
    worker.on('message', (message: IngestWorkerReport) => {
      if (message.type === 'report') apply(message);
      else if (message.type === 'log') log[message.level](message.message);
    });
    worker.on('error', (error) => log.warn(`the ingest thread failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (current !== worker) return;
      current = undefined;
      for (const c of last?.metrics ?? []) if (c.type === 'counter') base.set(key(c.name, c.labels), (base.get(key(c.name, c.labels)) ?? 0) + c.value);
      if (last) last = { ...last, metrics: [], status: { ...last.status, leader: false, ingester: undefined } };
      metrics.set('lockstep_ingest_leader', 0);
      if (stopping) return;
      restarts += 1;
      metrics.inc('lockstep_ingest_worker_restarts_total');
      quickDeaths = Date.now() - startedAt < 10_000 ? quickDeaths + 1 : 0;
      const delay = Math.min(30_000, (options.restartMs ?? 1_000) * 2 ** Math.max(0, quickDeaths - 1));
      log.warn(`the ingest thread exited (code ${code}); starting it again in ${delay} ms`);
      timer = setTimeout(start, delay);
      timer.unref?.();
    });
  }

  start();
  const status = (): IngestStatus => last?.status ?? { leader: false, replicaId: '', dialect: options.db.url ? 'postgres' : 'sqlite', ingester: undefined, lastLeadershipError: undefined };
  return {
    isLeader: () => status().leader,
    status,
    worker: () => current,
    restarts: () => restarts,
    stop() {
      stopping ??= (async () => {
        if (timer) clearTimeout(timer);
        const worker = current;
        if (!worker) return;
        const stopped = new Promise<void>((resolve) => {
          worker.on('message', (m: IngestWorkerReport) => m.type === 'stopped' && resolve());
          worker.once('exit', () => resolve());
        });
        worker.postMessage({ type: 'stop' } satisfies IngestWorkerMessage);
        await stopped;
        await worker.terminate();
      })();
      return stopping;
    },
  };
}
