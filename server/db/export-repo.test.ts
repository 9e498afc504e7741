import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from './testing/test-databases';

const dialects = await testDialects();

describe.each(dialects)('export records in the audit log (%s)', (dialect) => {
  let target: TestDatabase | undefined;
  afterEach(async () => target?.cleanup());

  it('remembers which pull request each finding went out in, newest first, and the latest export of a target', async () => {
    target = createTestDatabase(dialect);
    const store = await target.open();
    const repo = store.exports;
    await repo.recordExport(['f1', 'f2'], { target: 'namespace:blog', number: 7, url: 'https://github.com/o/r/pull/7', branch: 'lockstep/blog-policies', actor: 'alice', at: 1000 });
    await repo.recordExport(['f2', 'f3'], { target: 'namespace:blog', number: 7, url: 'https://github.com/o/r/pull/7', branch: 'lockstep/blog-policies', actor: 'bob', at: 2000 });
    await repo.recordExport([], { target: 'cluster:default-deny', number: 9, url: 'https://github.com/o/r/pull/9', branch: 'lockstep/cluster-default-deny', actor: 'alice', at: 3000 });
    const latest = await repo.latest('namespace:blog');
    expect(latest).toMatchObject({ number: 7, actor: 'bob', findingIds: ['f2', 'f3'] });
    expect((await repo.latest('cluster:default-deny'))?.number).toBe(9);
    expect(await repo.latest('namespace:webapp')).toBe(undefined);
    const inPr = await repo.exportedIn(['f1', 'f3', 'f9']);
    expect([...inPr.keys()].sort()).toEqual(['f1', 'f3']);
    const log = await store.reviews.auditLog({ namespace: 'blog' });
    expect(log.filter((e) => e.action === 'export').map((e) => e.findingId).sort()).toEqual(['f1', 'f2', 'f2', 'f3']);
  });
});
