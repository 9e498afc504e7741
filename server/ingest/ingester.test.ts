import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Flow } from '@/lib/flow/flow';
import { extractFindings } from '@/lib/findings/extract-findings';
import { flowBetween } from '@/lib/testing/flow-builders';
import type { IngestBatch, Store } from '../db/store';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing/test-databases';
import { createLockstepMetrics } from '../metrics';
import { Ingester, type IngesterOptions } from './ingester';
import { auditStream, dnsAnswer, FakeRelay, FIXED_TIME } from './testing/fake-relay';
import { waitFor } from './testing/wait-for';

const dialects = await testDialects();
const quiet = { info: () => undefined, warn: () => undefined };
const base: IngesterOptions = { flushIntervalMs: 20, batchSize: 200, log: quiet, now: () => FIXED_TIME + 60_000 };

async function totalFlows(store: Store): Promise<number> {
  return (await store.findings.list({ limit: 5000 })).reduce((n, f) => n + f.flows, 0);
}

describe.each(dialects)('Ingester (%s)', (dialect) => {
  let target: TestDatabase;
  beforeEach(() => void (target = createTestDatabase(dialect)));
  afterEach(() => target.cleanup());

  it('restarted in the middle of a stream, neither loses nor double counts a flow', async () => {
    const relay = new FakeRelay();
    const flows = auditStream(3000);
    const first = new Ingester(await target.open(), relay.source(), base);
    await first.start();
    relay.emit(flows.slice(0, 1700));
    await relay.drained();
    await first.flush();
    // A crash: whatever was buffered is lost with the process; the relay still holds the flows.
    await first.stop({ flush: false });
    relay.emit(flows.slice(1700));
    const store = await target.open();
    const second = new Ingester(store, relay.source(), base);
    await second.start();
    await relay.drained();
    await second.stop();
    expect(second.stats().duplicates).toBeGreaterThan(0);
    expect(await totalFlows(store)).toBe(3000);
    const expected = extractFindings(flows).findings.map((f) => [f.id, f.flows, f.firstSeen, f.lastSeen]);
    const stored = (await store.findings.list()).map((f) => [f.id, f.flows, f.firstSeen, f.lastSeen]);
    expect(stored.sort()).toEqual(expected.sort());
    expect((await store.ingest.state('relay'))?.cursor?.ms).toBe(flows[2999].time);
  });

  it('resumes at the cursor minus the overlap; a first start reads the de-duplication window back', async () => {
    const store = await target.open();
    const sinces: number[] = [];
    const source = { start: (since: number) => void sinces.push(since), stop: () => undefined };
    const first = new Ingester(store, source, { ...base, dedupeWindowMs: 3_600_000 });
    await first.start();
    first.accept(auditStream(1)[0]);
    await first.stop();
    const second = new Ingester(store, source, { ...base, overlapMs: 5_000 });
    await second.start();
    await second.stop();
    expect(sinces).toEqual([FIXED_TIME + 60_000 - 3_600_000, auditStream(1)[0].time - 5_000]);
  });

  it('gives FQDN findings the resolver seen in an earlier batch, and still after a restart', async () => {
    const relay = new FakeRelay();
    const store = await target.open();
    const egress = (uuid: string, at: number): Flow =>
      flowBetween('shop/api', 'reserved:world', { port: 443, uuid, at, destinationNames: ['api.stripe.com'], destinationIp: '93.184.216.34', source: { labels: { 'app.kubernetes.io/name': 'api' } } });
    const first = new Ingester(store, relay.source(), base);
    await first.start();
    relay.emit([dnsAnswer('shop/api', 'api.stripe.com.', 1, 'dns-1')]);
    await relay.drained();
    await first.flush();
    relay.emit([egress('e-1', 2)]);
    await relay.drained();
    await first.stop();
    const [finding] = await store.findings.list();
    expect(finding.dns).toMatchObject({ source: 'observed', resolvers: [{ kind: 'endpoint', namespace: 'kube-system', selector: { 'k8s:k8s-app': 'kube-dns', 'k8s:io.kubernetes.pod.namespace': 'kube-system' } }] });
    const second = new Ingester(await target.open(), relay.source(), base);
    await second.start();
    relay.emit([egress('e-2', 3)]);
    await relay.drained();
    await second.stop();
    expect(await store.findings.get(finding.id)).toMatchObject({ flows: 2, dns: { source: 'observed' } });
    expect((await store.ingest.resolvers()).map((r) => r.names)).toEqual([['api.stripe.com.']]);
  });
});

describe('Ingester under pressure', () => {
  function slowStore(inner: { applyBatch(b: IngestBatch): Promise<unknown> } | undefined, behaviour: { fail?: number; delayMs?: number }) {
    const seen: number[] = [];
    let calls = 0;
    const store = {
      ingest: {
        state: async () => undefined,
        resolvers: async () => [],
        claimLeadership: async () => undefined,
        async applyBatch(b: IngestBatch) {
          calls += 1;
          if (behaviour.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs));
          if (calls <= (behaviour.fail ?? 0)) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
          seen.push(...b.flows.map((f) => f.time));
          const fresh = b.summarize(b.flows);
          return inner?.applyBatch(b) ?? { stored: b.flows.length, duplicates: 0, stale: 0, findingsCreated: fresh.findings.length, findingsUpdated: 0, seenAgain: [], cursor: undefined };
        },
      },
    } as unknown as Store;
    return { store, seen };
  }

  it('caps the buffer when the database is slower than the stream: drops, counts and logs the excess', async () => {
    const { store, seen } = slowStore(undefined, { delayMs: 200 });
    const metrics = createLockstepMetrics();
    const warnings: string[] = [];
    const ingester = new Ingester(store, { start: () => undefined, stop: () => undefined }, { ...base, bufferCapacity: 300, batchSize: 100, metrics, log: { info: () => undefined, warn: (m) => warnings.push(m) } });
    await ingester.start();
    for (const flow of auditStream(1000)) ingester.accept(flow);
    await ingester.stop();
    const stats = ingester.stats();
    // Memory holds at most one batch in flight (100) plus the buffer (300).
    expect(stats.dropped).toBe(600);
    expect(seen).toHaveLength(400);
    expect(metrics.get('lockstep_ingest_dropped_total')).toBe(600);
    expect(warnings.some((w) => w.includes('buffer full'))).toBe(true);
  });

  it.each(dialects)('after an overflow, re-reads from the oldest dropped flow once the buffer has room: nothing the relay holds is lost (%s)', async (dialect) => {
    const target = createTestDatabase(dialect);
    try {
      const store = await target.open();
      const relay = new FakeRelay();
      const flows = auditStream(5000);
      const metrics = createLockstepMetrics();
      const ingester = new Ingester(store, () => relay.source(1000), { ...base, bufferCapacity: 500, batchSize: 100, metrics });
      await ingester.start();
      relay.emit(flows);
      await waitFor(async () => (await store.ingest.state('relay'))?.flowsTotal === 5000, 20_000, 'every flow');
      await ingester.stop();
      expect(ingester.stats().dropped).toBeGreaterThan(0);
      expect(metrics.get('lockstep_ingest_rereads_total')).toBeGreaterThan(0);
      expect(await totalFlows(store)).toBe(5000);
    } finally {
      await target.cleanup();
    }
  });

  it('retries a failed batch with everything it held, in order', async () => {
    const { store, seen } = slowStore(undefined, { fail: 2 });
    const metrics = createLockstepMetrics();
    const ingester = new Ingester(store, { start: () => undefined, stop: () => undefined }, { ...base, now: Date.now, metrics });
    await ingester.start();
    const flows = auditStream(50);
    for (const flow of flows) ingester.accept(flow);
    await waitFor(() => seen.length === 50, 10_000, 'the retried batch');
    await ingester.stop();
    expect(seen).toEqual(flows.map((f) => f.time));
    expect(ingester.stats()).toMatchObject({ failedBatches: 2, batches: 1, dropped: 0, lastError: undefined });
    expect(metrics.get('lockstep_ingest_batches_total', { result: 'error' })).toBe(2);
  });
});
