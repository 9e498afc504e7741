import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarizeFlows } from '../ingest/summarize-flows';
import { auditStream } from '../ingest/testing/fake-relay';
import { allowedDecisions } from './review-rules';
import type { OpenedStore } from './create-store';
import { createTestDatabase, testDialects, type TestDatabase } from './testing/test-databases';

const dialects = await testDialects();

describe.each(dialects)('ReviewRepo (%s)', (dialect) => {
  let target: TestDatabase;
  let store: OpenedStore;
  let id: string;
  beforeEach(async () => {
    target = createTestDatabase(dialect);
    store = await target.open();
    await store.ingest.applyBatch({ stream: 'relay', leaderId: 't', flows: auditStream(5), dedupeWindowMs: 1e9, sampleSize: 5, summarize: (f) => summarizeFlows(f, []) });
    id = (await store.findings.list({ namespace: 'blog' }))[0].id;
  });
  afterEach(() => target.cleanup());

  it('moves new → accepted with who and when, and records the decision in the thread and the audit log', async () => {
    const { finding, entry } = await store.reviews.review({ findingId: id, decision: 'accepted', actor: ' alice@example.com ', comment: ' needed by the blog ' });
    expect(finding).toMatchObject({ id, status: 'accepted', reviewedBy: 'alice@example.com', flowsAtReview: 1 });
    expect(entry).toMatchObject({ findingId: id, actor: 'alice@example.com', decision: 'accepted', fromStatus: 'new', comment: 'needed by the blog' });
    expect(await store.findings.get(id)).toMatchObject({ status: 'accepted', reviewedBy: 'alice@example.com' });
    const [log] = await store.reviews.auditLog({ namespace: 'blog' });
    expect(log).toMatchObject({ action: 'review', actor: 'alice@example.com', findingId: id, fromStatus: 'new', toStatus: 'accepted', comment: 'needed by the blog' });
  });

  it('keeps a comment thread in order, mixing decisions and comments', async () => {
    await store.reviews.review({ findingId: id, decision: 'needs-info', actor: 'alice' });
    await store.reviews.comment({ findingId: id, actor: 'bob', comment: 'that is the metrics sidecar' });
    await store.reviews.review({ findingId: id, decision: 'rejected', actor: 'alice', comment: 'remove the sidecar instead' });
    const thread = await store.reviews.thread(id);
    expect(thread.map((e) => [e.actor, e.decision ?? null, e.comment ?? null])).toEqual([
      ['alice', 'needs-info', null],
      ['bob', null, 'that is the metrics sidecar'],
      ['alice', 'rejected', 'remove the sidecar instead'],
    ]);
    const log = await store.reviews.auditLog({ findingId: id });
    expect(log.map((e) => e.action)).toEqual(['review', 'comment', 'review']);
    const page = await store.reviews.auditLog({ findingId: id, beforeId: log[0].id, limit: 1 });
    expect(page.map((e) => e.id)).toEqual([log[1].id]);
  });

  it('refuses a no-op decision, a stale expected status, an unknown finding and bad input with typed errors', async () => {
    await store.reviews.review({ findingId: id, decision: 'accepted', actor: 'alice' });
    await expect(store.reviews.review({ findingId: id, decision: 'accepted', actor: 'bob' })).rejects.toMatchObject({ code: 'conflict:findings' });
    await expect(store.reviews.review({ findingId: id, decision: 'rejected', actor: 'bob', expectedStatus: 'new' })).rejects.toMatchObject({ code: 'conflict:findings' });
    await expect(store.reviews.review({ findingId: 'nope', decision: 'rejected', actor: 'bob' })).rejects.toMatchObject({ code: 'not_found:findings' });
    await expect(store.reviews.review({ findingId: id, decision: 'maybe' as never, actor: 'bob' })).rejects.toMatchObject({ code: 'bad_request:findings' });
    await expect(store.reviews.review({ findingId: id, decision: 'rejected', actor: '  ' })).rejects.toMatchObject({ code: 'bad_request:findings' });
    await expect(store.reviews.comment({ findingId: id, actor: 'bob', comment: 'x'.repeat(4001) })).rejects.toMatchObject({ code: 'too_large:findings' });
    expect(await store.findings.get(id)).toMatchObject({ status: 'accepted' });
    expect(await store.reviews.auditLog({ findingId: id })).toHaveLength(1);
  });

  it('reopens a decided finding and clears "seen again"', async () => {
    await store.reviews.review({ findingId: id, decision: 'rejected', actor: 'alice' });
    await store.ingest.applyBatch({ stream: 'relay', leaderId: 't', flows: auditStream(10, { prefix: 'more' }), dedupeWindowMs: 1e9, sampleSize: 5, summarize: (f) => summarizeFlows(f, []) });
    expect(await store.findings.get(id)).toMatchObject({ seenAgain: true });
    const { finding } = await store.reviews.review({ findingId: id, decision: 'new', actor: 'alice', expectedStatus: 'rejected' });
    expect(finding).toMatchObject({ status: 'new', seenAgain: false, flowsAtReview: 3 });
    expect((await store.findings.list({ seenAgain: true })).length).toBe(0);
  });
});

describe('review transitions', () => {
  it('lets every status be re-decided but never to itself', () => {
    expect(allowedDecisions('new')).toEqual(['accepted', 'rejected', 'needs-info']);
    for (const s of ['accepted', 'rejected', 'needs-info'] as const) expect(allowedDecisions(s)).not.toContain(s);
  });
});
