import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarizeFlows } from '../ingest/summarize-flows';
import { auditStream } from '../ingest/testing/fake-relay';
import type { OpenedStore } from './create-store';
import { createTestDatabase, testDialects, type TestDatabase } from './testing/test-databases';

const dialects = await testDialects();

describe.each(dialects)('ChecklistRepo (%s)', (dialect) => {
  let target: TestDatabase;
  let store: OpenedStore;
  beforeEach(async () => {
    target = createTestDatabase(dialect);
    store = await target.open();
  });
  afterEach(() => target.cleanup());

  it('records a namespace confirmation with who, when and a note, and logs it', async () => {
    const before = Date.now();
    const c = await store.checklist.confirm({ step: 5, scope: 'namespace', namespace: 'blog', confirmed: true, actor: ' alice ', note: ' exercised every app ' });
    expect(c).toMatchObject({ step: 5, scope: 'namespace', namespace: 'blog', confirmed: true, actor: 'alice', note: 'exercised every app' });
    expect(c.at).toBeGreaterThanOrEqual(before);
    expect(await store.checklist.confirmations('blog')).toEqual([c]);
    expect(await store.checklist.confirmations('webapp')).toEqual([]);
    const [log] = await store.reviews.auditLog({ namespace: 'blog' });
    expect(log).toMatchObject({ actor: 'alice', action: 'checklist step 5', fromStatus: 'unconfirmed', toStatus: 'confirmed', comment: 'exercised every app' });
  });

  it('confirms cluster-wide steps once for every namespace, and the newest entry wins', async () => {
    await store.checklist.confirm({ step: 3, scope: 'cluster', namespace: 'blog', confirmed: true, actor: 'alice' });
    const withdrawn = await store.checklist.confirm({ step: 3, scope: 'cluster', namespace: 'webapp', confirmed: false, actor: 'bob', note: 'agents not restarted' });
    expect(withdrawn.namespace).toBeUndefined();
    expect(await store.checklist.confirmations('argocd')).toEqual([withdrawn]);
    const again = await store.checklist.confirm({ step: 3, scope: 'cluster', namespace: 'webapp', confirmed: true, actor: 'carol' });
    await store.checklist.confirm({ step: 2, scope: 'namespace', namespace: 'blog', confirmed: true, actor: 'alice' });
    const all = await store.checklist.confirmations();
    expect(all.map((c) => [c.step, c.scope, c.namespace ?? null, c.actor])).toEqual([[3, 'cluster', null, 'carol'], [2, 'namespace', 'blog', 'alice']]);
    expect(all[0].id).toBe(again.id);
    const log = await store.reviews.auditLog({ namespace: 'webapp' });
    expect(log.map((e) => [e.action, e.fromStatus, e.toStatus])).toEqual([
      ['checklist step 3 (cluster)', 'unconfirmed', 'confirmed'],
      ['checklist step 3 (cluster)', 'confirmed', 'unconfirmed'],
    ]);
  });

  it('refuses bad input with typed errors and stores nothing', async () => {
    const base = { step: 2, scope: 'namespace' as const, namespace: 'blog', confirmed: true, actor: 'alice' };
    await expect(store.checklist.confirm({ ...base, step: 9 })).rejects.toMatchObject({ code: 'bad_request:checklist' });
    await expect(store.checklist.confirm({ ...base, namespace: 'Not_A_Namespace' })).rejects.toMatchObject({ code: 'bad_request:namespace' });
    await expect(store.checklist.confirm({ ...base, actor: '  ' })).rejects.toMatchObject({ code: 'bad_request:checklist' });
    await expect(store.checklist.confirm({ ...base, note: 'x'.repeat(1001) })).rejects.toMatchObject({ code: 'too_large:checklist' });
    await expect(store.checklist.confirm({ ...base, scope: 'galaxy' as never })).rejects.toMatchObject({ code: 'bad_request:checklist' });
    expect(await store.checklist.confirmations()).toEqual([]);
    expect(await store.reviews.auditLog()).toEqual([]);
  });

  it('knows when each namespace saw its first AUDIT', async () => {
    expect(await store.checklist.firstAuditSeen()).toEqual({});
    const flows = auditStream(6);
    await store.ingest.applyBatch({ stream: 'relay', leaderId: 't', flows, dedupeWindowMs: 1e9, sampleSize: 5, summarize: (f) => summarizeFlows(f, []) });
    const first = await store.checklist.firstAuditSeen();
    const byNamespace = new Map<string, number>();
    for (const f of flows) {
      const ns = f.trafficDirection === 'EGRESS' ? f.source.namespace : f.destination.namespace;
      if (f.verdict === 'AUDIT') byNamespace.set(ns, Math.min(byNamespace.get(ns) ?? Infinity, f.time));
    }
    expect(first).toEqual(Object.fromEntries(byNamespace));
    expect(Object.keys(await store.checklist.firstAuditSeen('blog'))).toEqual(Object.keys(first).filter((n) => n === 'blog'));
  });
});
