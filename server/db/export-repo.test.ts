import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStore } from './create-store';
import type { Store } from './store';

let store: Store | undefined;
afterEach(async () => store?.close());

describe('export records in the audit log', () => {
  it('remembers which pull request each finding went out in, newest first, and the latest export of a target', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-export-'));
    store = await createStore({ sqliteFile: path.join(dir, 'lockstep.db'), url: undefined });
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
