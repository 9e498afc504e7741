import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFindings } from '@/lib/findings/extract-findings';
import { startDemoRelay, type DemoRelay } from '../demo-relay/demo-relay-server';
import { createRelayClient, type RelayObserverClient } from '../hubble/relay-client';
import { quiet, relayHistory, TLS_OFF } from '../hubble/testing/relay-history';
import { createLockstepMetrics } from '../metrics';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing/test-databases';
import { INGEST_WHITELIST } from './flow-source';
import { startIngestWorker } from './ingest-worker-service';
import { waitFor } from './testing/wait-for';

const dialects = await testDialects();

describe.each(dialects)('the ingest on its own thread (%s)', (dialect) => {
  let relay: DemoRelay;
  let client: RelayObserverClient;
  let target: TestDatabase;
  beforeAll(async () => {
    relay = await startDemoRelay({ port: 0, generator: { seed: 7, rate: 400 }, backfillMs: 15_000, tickMs: 20, ringCapacity: 200_000 });
    client = createRelayClient(relay.address, TLS_OFF);
    target = createTestDatabase(dialect);
  });
  afterAll(async () => {
    client.close();
    await relay.stop();
    await target.cleanup();
  });

  it('persists every verdict the relay sent exactly once across a thread crash, counts the restart, and reports its counters here', async () => {
    const startedAt = Date.now();
    const metrics = createLockstepMetrics();
    const stored = () => metrics.get('lockstep_ingest_flows_total', { result: 'stored' });
    const service = startIngestWorker({
      entry: 'source', metrics, log: quiet, reportMs: 50, restartMs: 100,
      db: target.config, storeOptions: { schema: target.schema },
      relay: { address: relay.address, tls: TLS_OFF, dialTimeoutMs: 5_000 },
      options: { flushIntervalMs: 50 },
    });
    await waitFor(() => stored() > 0 && service.isLeader(), 30_000, 'the thread to lead and store a first batch');
    expect(service.status()).toMatchObject({ leader: true, dialect });
    // The thread's own heap shows in this thread's /metrics.
    expect(metrics.render()).toMatch(/^lockstep_heap_used_bytes\{thread="ingest"\} [1-9]\d{5,}$/m);

    await service.worker()!.terminate(); // a crash: its buffer is lost
    await waitFor(() => metrics.get('lockstep_ingest_worker_restarts_total') === 1 && service.restarts() === 1, 5_000, 'the restart to be counted');
    const beforeRestart = stored();
    await waitFor(() => stored() > beforeRestart && service.isLeader(), 30_000, 'the new thread to store more');
    await new Promise((r) => setTimeout(r, 500));
    await service.stop();
    expect(service.worker()).toBeUndefined();

    const store = await target.open();
    const state = (await store.ingest.state('relay'))!;
    const uuids = new Set((await store.db.selectFrom('ingested_flows').select('uuid').execute()).map((r) => r.uuid));
    // Flows in = flows out: what the threads reported stored is what the database holds (the crashed thread's
    // last unreported batch at most is missing from the counter, never the other way round).
    expect(state.flowsTotal).toBe(uuids.size);
    expect(stored()).toBeLessThanOrEqual(uuids.size);
    expect(stored()).toBeGreaterThan(beforeRestart);

    const sent = (await relayHistory(client, startedAt - 60_000, state.cursor!.ms + 1, INGEST_WHITELIST)).filter((f) => f.eventType === 5);
    const settled = sent.filter((f) => f.time < state.cursor!.ms - 2_000);
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.filter((f) => !uuids.has(f.uuid))).toEqual([]);
    const storedFlows = sent.filter((f) => uuids.has(f.uuid));
    expect(storedFlows.length).toBe(uuids.size);
    const counted = (await store.findings.list()).reduce((n, f) => n + f.flows, 0);
    expect(counted).toBe(extractFindings(storedFlows).findings.reduce((n, f) => n + f.flows, 0));
    await store.close();
  }, 90_000);
});

describe('the ingest thread when its database refuses it', () => {
  it('surfaces each failed start as a warning and a counted restart, waiting longer each time, and stops cleanly', async () => {
    const metrics = createLockstepMetrics();
    const warnings: string[] = [];
    const service = startIngestWorker({
      entry: 'source', metrics, reportMs: 50, restartMs: 50, log: { info: () => undefined, warn: (m) => warnings.push(m) },
      db: { sqliteFile: '', url: 'postgres://lockstep@127.0.0.1:1/nothing' },
      relay: { address: '127.0.0.1:1', tls: TLS_OFF, dialTimeoutMs: 500 },
    });
    await waitFor(() => service.restarts() >= 2, 60_000, 'two restarts');
    expect(metrics.get('lockstep_ingest_worker_restarts_total')).toBe(service.restarts());
    expect(service.isLeader()).toBe(false);
    const delays = warnings.filter((w) => w.startsWith('the ingest thread exited')).map((w) => Number(/in (\d+) ms/.exec(w)![1]));
    expect(delays.slice(0, 2)).toEqual([50, 100]);
    expect(warnings.some((w) => w.startsWith('the ingest thread failed:'))).toBe(true);
    await service.stop();
    const restarts = service.restarts();
    await new Promise((r) => setTimeout(r, 300));
    expect(service.restarts()).toBe(restarts);
  }, 90_000);
});
