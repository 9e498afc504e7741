import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Flow } from '@/lib/flow/flow';
import { summarizeFlows } from '../ingest/summarize-flows';
import { auditStream, FIXED_TIME } from '../ingest/testing/fake-relay';
import type { IngestBatch } from './store';
import { createTestDatabase, testDialects, type TestDatabase } from './testing/test-databases';

const dialects = await testDialects();
const HOUR = 3_600_000;

function batch(flows: readonly Flow[], extra: Partial<IngestBatch> = {}): IngestBatch {
  return { stream: 'relay', leaderId: 'test', flows, dedupeWindowMs: HOUR, sampleSize: 3, summarize: (fresh) => summarizeFlows(fresh, []), now: FIXED_TIME + HOUR, ...extra };
}

describe.each(dialects)('IngestRepo.applyBatch (%s)', (dialect) => {
  let target: TestDatabase;
  beforeEach(() => void (target = createTestDatabase(dialect)));
  afterEach(() => target.cleanup());

  it('aggregates findings across batches: counts, first/last seen, nodes, bounded samples', async () => {
    const store = await target.open();
    const flows = auditStream(50); // 5 pairs × 10 flows
    const first = await store.ingest.applyBatch(batch(flows.slice(0, 20)));
    expect(first).toMatchObject({ stored: 20, duplicates: 0, findingsCreated: 5, findingsUpdated: 0 });
    const second = await store.ingest.applyBatch(batch(flows.slice(20)));
    expect(second).toMatchObject({ stored: 30, findingsCreated: 0, findingsUpdated: 5 });
    const findings = await store.findings.list({ includeSamples: true });
    expect(findings).toHaveLength(5);
    for (const f of findings) {
      const mine = flows.filter((fl) => f.samples[0].source.podName === fl.source.podName && fl.l4?.protocol === 'TCP' && fl.l4.destinationPort === f.port);
      expect(f).toMatchObject({ flows: 10, auditFlows: 10, blockedFlows: 0, status: 'new', seenAgain: false });
      expect(f.firstSeen).toBe(Math.min(...mine.map((m) => m.time)));
      expect(f.lastSeen).toBe(Math.max(...mine.map((m) => m.time)));
      expect(f.lastAuditAt).toBe(f.lastSeen);
      expect(f.nodes).toEqual(['homelab/worker-0', 'homelab/worker-1', 'homelab/worker-2']);
      expect(f.samples.map((s) => s.uuid)).toEqual(mine.slice(0, 3).map((m) => m.uuid));
    }
  });

  it('skips uuids already counted, in the same batch and across batches', async () => {
    const store = await target.open();
    const flows = auditStream(10);
    await store.ingest.applyBatch(batch(flows.slice(0, 6)));
    const result = await store.ingest.applyBatch(batch([...flows.slice(3), flows[9]]));
    expect(result).toMatchObject({ stored: 4, duplicates: 4 });
    const total = (await store.findings.list()).reduce((n, f) => n + f.flows, 0);
    expect(total).toBe(10);
    expect((await store.ingest.state('relay'))?.flowsTotal).toBe(10);
  });

  it('advances the cursor to the newest flow (with nanoseconds) and never back', async () => {
    const store = await target.open();
    const flows = auditStream(10);
    await store.ingest.applyBatch(batch(flows));
    const newest = flows[9];
    expect((await store.ingest.state('relay'))?.cursor).toEqual({ ms: newest.time, nanos: newest.timeNanos });
    await store.ingest.applyBatch(batch(flows.slice(0, 2)));
    expect((await store.ingest.state('relay'))?.cursor).toEqual({ ms: newest.time, nanos: newest.timeNanos });
  });

  it('forgets uuids older than the window and drops flows older than it as stale', async () => {
    const store = await target.open();
    const old = auditStream(5, { prefix: 'old' });
    const recent = auditStream(5, { prefix: 'new', offsetMs: 2 * HOUR });
    await store.ingest.applyBatch(batch(old));
    const result = await store.ingest.applyBatch(batch(recent, { now: FIXED_TIME + 3 * HOUR }));
    expect(result.stored).toBe(5);
    const remembered = await store.db.selectFrom('ingested_flows').select('uuid').execute();
    expect(remembered.map((r) => r.uuid).sort()).toEqual(recent.map((f) => f.uuid).sort());
    const replay = await store.ingest.applyBatch(batch(old, { now: FIXED_TIME + 3 * HOUR }));
    expect(replay).toMatchObject({ stored: 0, stale: 5, duplicates: 0 });
  });

  it('marks a rejected finding seen again once, and logs it', async () => {
    const store = await target.open();
    const flows = auditStream(20);
    await store.ingest.applyBatch(batch(flows.slice(0, 5)));
    const [finding] = await store.findings.list({ namespace: 'blog' });
    await store.reviews.review({ findingId: finding.id, decision: 'rejected', actor: 'alice', comment: 'nobody should call this' });
    const result = await store.ingest.applyBatch(batch(flows.slice(5, 10)));
    expect(result.seenAgain).toEqual([finding.id]);
    expect((await store.ingest.applyBatch(batch(flows.slice(10)))).seenAgain).toEqual([]);
    const after = await store.findings.get(finding.id);
    expect(after).toMatchObject({ status: 'rejected', seenAgain: true, flows: 4, flowsAtReview: 1 });
    const log = await store.reviews.auditLog({ findingId: finding.id });
    expect(log.map((e) => [e.action, e.actor])).toEqual([['seen-again', 'lockstep:ingest'], ['review', 'alice']]);
  });

  it('rolls the whole batch back when summarising fails', async () => {
    const store = await target.open();
    const flows = auditStream(10);
    await expect(store.ingest.applyBatch(batch(flows, { summarize: () => { throw new Error('boom'); } }))).rejects.toThrow('boom');
    expect(await store.db.selectFrom('ingested_flows').select('uuid').execute()).toEqual([]);
    expect((await store.ingest.state('relay'))?.cursor).toBeUndefined();
    expect((await store.ingest.applyBatch(batch(flows))).stored).toBe(10);
  });

  it('reports per-namespace stats for the checklist', async () => {
    const store = await target.open();
    await store.ingest.applyBatch(batch(auditStream(10)));
    const stats = await store.findings.stats('shop');
    expect(stats).toHaveLength(1);
    expect(stats[0]).toMatchObject({ namespace: 'shop', total: 3, auditFlows: 6, blockedFlows: 0, byStatus: { new: 3, accepted: 0, rejected: 0, 'needs-info': 0 } });
    expect((await store.findings.stats()).map((s) => s.namespace)).toEqual(['blog', 'monitoring', 'shop']);
  });
});
