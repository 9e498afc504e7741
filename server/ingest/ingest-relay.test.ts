import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFindings } from '@/lib/findings/extract-findings';
import { startDemoRelay, type DemoRelay } from '../demo-relay/demo-relay-server';
import { createRelayClient, type RelayObserverClient } from '../hubble/relay-client';
import { quiet, relayHistory, TLS_OFF } from '../hubble/testing/relay-history';
import type { OpenedStore } from '../db/create-store';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing/test-databases';
import { INGEST_WHITELIST, relayFlowSource } from './flow-source';
import { Ingester, type IngesterOptions } from './ingester';
import { waitFor } from './testing/wait-for';

async function storedUuids(store: OpenedStore): Promise<Set<string>> {
  return new Set((await store.db.selectFrom('ingested_flows').select('uuid').execute()).map((r) => r.uuid));
}

const dialects = await testDialects();

describe.each(dialects)('ingest through a real gRPC demo relay (%s)', (dialect) => {
  let relay: DemoRelay;
  let client: RelayObserverClient;
  let target: TestDatabase;
  beforeAll(async () => {
    relay = await startDemoRelay({ port: 0, generator: { seed: 5, rate: 400 }, backfillMs: 15_000, tickMs: 20 });
    client = createRelayClient(relay.address, TLS_OFF);
    target = createTestDatabase(dialect);
  });
  afterAll(async () => {
    client.close();
    await relay.stop();
    await target.cleanup();
  });

  it('restarted mid-stream and reconnected, stores every AUDIT/DROPPED verdict the relay sent exactly once', async () => {
    const startedAt = Date.now();
    const options: IngesterOptions = { flushIntervalMs: 50, log: quiet };
    const store = await target.open();
    const first = new Ingester(store, () => relayFlowSource(client, relay.address), options);
    await first.start();
    await waitFor(async () => (await store.ingest.state('relay'))?.flowsTotal !== undefined, 10_000, 'a first batch');
    await new Promise((r) => setTimeout(r, 700));
    await first.stop({ flush: false }); // a crash: the buffer is lost

    const second = new Ingester(await target.open(), () => relayFlowSource(client, relay.address), options);
    await second.start();
    await new Promise((r) => setTimeout(r, 700));
    relay.closeAllStreams('relay restart'); // the subscription reconnects with since and gets re-sends
    await new Promise((r) => setTimeout(r, 1_500));
    await second.stop();

    const cursor = (await store.ingest.state('relay'))!.cursor!.ms;
    const stored = await storedUuids(store);
    const sent = await relayHistory(client, startedAt - 60_000, cursor + 1, INGEST_WHITELIST);
    const verdicts = sent.filter((f) => f.eventType === 5);
    expect(verdicts.filter((f) => f.verdict === 'AUDIT').length).toBeGreaterThan(0);
    // No loss: everything the relay holds up to shortly before the cursor (its sort window) is stored.
    const settled = verdicts.filter((f) => f.time < cursor - 2_000);
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.filter((f) => !stored.has(f.uuid))).toEqual([]);
    // No double count: the findings' total equals a one-shot analysis of exactly the stored flows.
    const storedFlows = verdicts.filter((f) => stored.has(f.uuid));
    expect(storedFlows.length).toBe(stored.size);
    const counted = (await store.findings.list()).reduce((n, f) => n + f.flows, 0);
    const expected = extractFindings(storedFlows).findings.reduce((n, f) => n + f.flows, 0);
    expect(counted).toBe(expected);
    expect(counted).toBeGreaterThan(0);
    expect(second.stats().duplicates).toBeGreaterThan(0);
    // Every AUDIT verdict accounted for, across the crash and the re-sends: per namespace, the persisted tally
    // equals the non-reply AUDIT verdicts stored for that policy namespace, and the findings' AUDIT flows equal it.
    const reopened = await target.open();
    const [tallies, stats] = await Promise.all([reopened.ingest.tallies(), reopened.findings.stats()]);
    const audit = storedFlows.filter((f) => f.verdict === 'AUDIT' && !f.isReply);
    const expectedByNs: Record<string, number> = {};
    for (const f of audit) {
      const ns = f.trafficDirection === 'INGRESS' ? f.destination.namespace : f.source.namespace;
      expectedByNs[ns] = (expectedByNs[ns] ?? 0) + 1;
    }
    expect(Object.keys(expectedByNs).length).toBeGreaterThan(0);
    expect(Object.fromEntries(tallies.filter((t) => t.auditVerdicts > 0).map((t) => [t.namespace, t.auditVerdicts]))).toEqual(expectedByNs);
    for (const t of tallies) {
      expect(t.skipped).toEqual({});
      expect({ ns: t.namespace, inFindings: stats.find((s) => s.namespace === t.namespace)?.auditFlows ?? 0 }).toEqual({ ns: t.namespace, inFindings: t.auditVerdicts });
    }
  }, 30_000);
});
