import 'server-only';
import os from 'node:os';
import type { LeaderLock, Store } from '../db/store';
import type { MetricsRegistry } from '../metrics';
import type { FlowSource } from './flow-source';
import { declareIngestMetrics } from './ingest-metrics';
import { Ingester, type IngesterOptions, type IngesterStats, type IngestLog } from './ingester';

/**
 * server/ingest: the server's own persistent AUDIT/DROPPED subscription, independent of any browser.
 *
 * Usage contract
 * - `startIngestService(store, () => relayFlowSource(client, address), {metrics})` once per process (the composition
 *   root); `stop()` on shutdown, before `store.close()`. `isLeader()` feeds /api/status.
 * - Leadership: on PostgreSQL only the replica holding the advisory lock `ingest` (a dedicated session) ingests;
 *   the others retry every `leaderRetryMs` and take over when the leader's session ends. SQLite is single-replica:
 *   always the leader. Followers still serve reads and their own live views.
 * - Each leadership term creates a fresh source and {@link Ingester}: resume from the persisted cursor minus
 *   `overlapMs` (first start: `dedupeWindowMs` back), re-sent flows dropped by uuid in the database.
 * - Every batch is one transaction: uuids, finding counts, "seen again", resolver observations and the cursor move
 *   together, so SIGKILL at any moment leaves a consistent database, and a restart neither loses nor double counts
 *   what the relay still holds.
 * - Memory is bounded: `bufferCapacity` flows plus one batch in flight. Beyond it flows are dropped, counted in
 *   `lockstep_ingest_dropped_total` and logged; once the buffer has room again the ingester re-subscribes from
 *   the oldest dropped flow, recovering what the relay still holds. The resolver context is bounded too.
 * Known limitations
 * - Flows older than `dedupeWindowMs` behind the cursor cannot be checked for duplicates and are dropped as stale.
 * - Flows the relay no longer holds after a long outage (its ring buffer is minutes deep) are gone.
 * - A finding's selector (hence id) is chosen per batch; see summarize-flows.ts.
 */

/** Options of {@link startIngestService}. */
export interface IngestServiceOptions extends Omit<IngesterOptions, 'leaderId'> {
  /** The advisory lock's name. Default: `'ingest'`. */
  lockName?: string;
  /** How often a follower tries to take the lead. Default: 5000 ms. */
  leaderRetryMs?: number;
  /** How often the leader checks its lock session. Default: 5000 ms. */
  lockHealthCheckMs?: number;
  /** This replica's name in `ingest_state`. Default: `host:pid:random`. */
  replicaId?: string;
  metrics?: MetricsRegistry;
  log?: IngestLog;
}

/** Status for /api/status. */
export interface IngestStatus {
  leader: boolean;
  replicaId: string;
  dialect: Store['dialect'];
  ingester: IngesterStats | undefined;
  lastLeadershipError: string | undefined;
}

/** A running ingest service. */
export interface IngestService {
  isLeader(): boolean;
  status(): IngestStatus;
  /** Flushes and stops ingesting (if leading), releases the lock. Idempotent. */
  stop(): Promise<void>;
}

const consoleLog: IngestLog = {
  info: (m) => console.info(`[lockstep] ingest: ${m}`),
  warn: (m) => console.warn(`[lockstep] ingest: ${m}`),
};

/** Starts the leader loop; the first attempt to lead happens immediately. */
export function startIngestService(store: Store, createSource: () => FlowSource, options: IngestServiceOptions = {}): IngestService {
  const replicaId = options.replicaId ?? `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const log = options.log ?? consoleLog;
  const metrics = options.metrics && declareIngestMetrics(options.metrics);
  const lock: LeaderLock = store.leaderLock(options.lockName ?? 'ingest', { healthCheckMs: options.lockHealthCheckMs });
  const retryMs = options.leaderRetryMs ?? 5_000;
  let ingester: Ingester | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  let lastError: string | undefined;

  const schedule = (delay: number) => {
    if (stopping) return;
    timer = setTimeout(() => void attempt(), delay);
    timer.unref?.();
  };

  async function attempt(): Promise<void> {
    if (stopping || ingester) return;
    try {
      if (await lock.tryAcquire()) {
        // stop() may have run while the lock was being acquired: give it back at once.
        if (stopping) return await lock.release();
        return await lead();
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== lastError) log.warn(`cannot take the ingest lead: ${message}`);
      lastError = message;
    }
    schedule(retryMs);
  }

  async function lead(): Promise<void> {
    const current = new Ingester(store, createSource, { ...options, leaderId: replicaId, log, metrics });
    ingester = current;
    lastError = undefined;
    try {
      await store.ingest.claimLeadership(options.stream ?? 'relay', replicaId);
      await current.start();
    } catch (error) {
      // Give the lead back so that a healthier replica can take it.
      if (ingester === current) ingester = undefined;
      await current.stop({ flush: false });
      await lock.release();
      throw error;
    }
    // stop() or a lost lock may have raced with the start.
    if (stopping || ingester !== current) {
      await current.stop({ flush: false });
      if (stopping) await lock.release();
      return;
    }
    if (!lock.held) return stepDown('lost the lock while starting');
    metrics?.set('lockstep_ingest_leader', 1);
    log.info(`${replicaId} leads the ingest (${store.dialect})`);
  }

  async function stepDown(reason: string): Promise<void> {
    const current = ingester;
    ingester = undefined;
    metrics?.set('lockstep_ingest_leader', 0);
    if (!current) return;
    log.warn(`${replicaId} stops leading the ingest: ${reason}`);
    // Unflushed flows are left to the next leader, which re-reads them from the relay (cursor − overlap).
    await current.stop({ flush: false });
    schedule(retryMs);
  }

  lock.onLost((reason) => void stepDown(reason));
  void attempt();

  return {
    isLeader: () => ingester !== undefined && lock.held,
    status: () => ({ leader: ingester !== undefined && lock.held, replicaId, dialect: store.dialect, ingester: ingester?.stats(), lastLeadershipError: lastError }),
    stop() {
      stopping ??= (async () => {
        if (timer) clearTimeout(timer);
        const current = ingester;
        ingester = undefined;
        await current?.stop({ flush: true });
        await lock.release();
        metrics?.set('lockstep_ingest_leader', 0);
      })();
      return stopping;
    },
  };
}
