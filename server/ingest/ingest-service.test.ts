import { afterEach, describe, expect, it } from 'vitest';
import { extractFindings } from '@/lib/findings/extract-findings';
import { killLockHolder } from '../db/testing/kill-lock-holder';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing/test-databases';
import { createLockstepMetrics } from '../metrics';
import { startIngestService, type IngestServiceOptions } from './ingest-service';
import { auditStream, FakeRelay, FIXED_TIME } from './testing/fake-relay';
import { waitFor } from './testing/wait-for';

const dialects = await testDialects();
const quiet = { info: () => undefined, warn: () => undefined };
const options: IngestServiceOptions = { flushIntervalMs: 20, batchSize: 250, leaderRetryMs: 100, lockHealthCheckMs: 200, log: quiet, now: () => FIXED_TIME + 60_000 };

describe('IngestService', () => {
  let target: TestDatabase;
  afterEach(() => target.cleanup());

  it('on SQLite is always the leader', async () => {
    target = createTestDatabase('sqlite');
    const store = await target.open();
    const relay = new FakeRelay();
    const metrics = createLockstepMetrics();
    const service = startIngestService(store, () => relay.source(), { ...options, metrics, replicaId: 'solo' });
    await waitFor(() => service.isLeader(), 5_000, 'leadership');
    relay.emit(auditStream(100));
    await relay.drained();
    await service.stop();
    expect(service.isLeader()).toBe(false);
    expect(await store.ingest.state('relay')).toMatchObject({ flowsTotal: 100, leaderId: 'solo' });
    expect(metrics.get('lockstep_ingest_flows_total', { result: 'stored' })).toBe(100);
  });

  it.skipIf(!dialects.includes('postgres'))('with two replicas on PostgreSQL, only the leader writes; when its session dies the other takes over; counts equal one ingester', async () => {
    target = createTestDatabase('postgres');
    const [storeA, storeB] = await Promise.all([target.open(), target.open()]);
    const relay = new FakeRelay();
    const flows = auditStream(4000);
    const a = startIngestService(storeA, () => relay.source(), { ...options, replicaId: 'replica-a' });
    await waitFor(() => a.isLeader(), 5_000, 'replica A to lead');
    const b = startIngestService(storeB, () => relay.source(), { ...options, replicaId: 'replica-b' });
    for (let i = 0; i < 2000; i += 200) {
      relay.emit(flows.slice(i, i + 200));
      await new Promise((r) => setTimeout(r, 10));
    }
    await relay.drained();
    await waitFor(async () => (await storeA.ingest.state('relay'))?.flowsTotal === 2000, 5_000, 'replica A to persist');
    expect(b.isLeader()).toBe(false);
    expect(b.status().ingester).toBeUndefined();

    expect(await killLockHolder(target.schema, 'ingest')).toBe(1);
    await waitFor(() => b.isLeader() && !a.isLeader(), 5_000, 'replica B to take over');
    for (let i = 2000; i < 4000; i += 200) relay.emit(flows.slice(i, i + 200));
    await relay.drained();
    await waitFor(async () => (await storeB.ingest.state('relay'))?.flowsTotal === 4000, 10_000, 'all flows persisted');
    expect(a.isLeader()).toBe(false);
    await Promise.all([a.stop(), b.stop()]);

    const state = await storeB.ingest.state('relay');
    expect(state).toMatchObject({ flowsTotal: 4000, leaderId: 'replica-b' });
    const stored = (await storeB.findings.list()).map((f) => [f.id, f.flows, f.firstSeen, f.lastSeen]);
    const single = extractFindings(flows).findings.map((f) => [f.id, f.flows, f.firstSeen, f.lastSeen]);
    expect(stored.sort()).toEqual(single.sort());
  });
});
