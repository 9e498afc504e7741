import { afterEach, describe, expect, it } from 'vitest';
import { advisoryKey } from './postgres';
import { killLockHolder } from './testing/kill-lock-holder';
import { createTestDatabase, testDialects, type TestDatabase } from './testing/test-databases';

const dialects = await testDialects();

const until = async (check: () => boolean, timeoutMs = 5_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.skipIf(!dialects.includes('postgres'))('PgLeaderLock', () => {
  let target: TestDatabase;
  afterEach(() => target.cleanup());

  it('grants the lock to one session at a time and hands it over when the holder session dies', async () => {
    target = createTestDatabase('postgres');
    const [a, b] = await Promise.all([target.open(), target.open()]);
    const lockA = a.leaderLock('ingest', { healthCheckMs: 200 });
    const lockB = b.leaderLock('ingest', { healthCheckMs: 200 });
    const lost: string[] = [];
    lockA.onLost((reason) => lost.push(reason));
    expect(await lockA.tryAcquire()).toBe(true);
    expect(await lockA.tryAcquire()).toBe(true);
    expect(await lockB.tryAcquire()).toBe(false);
    expect(await killLockHolder(target.schema, 'ingest')).toBe(1);
    await until(() => lost.length > 0);
    expect(lockA.held).toBe(false);
    expect(await lockB.tryAcquire()).toBe(true);
    expect(await lockA.tryAcquire()).toBe(false);
    await lockB.release();
    expect(await lockA.tryAcquire()).toBe(true);
    await lockA.release();
  });

  it('scopes locks by schema, so test runs and deployments in other schemas never contend', () => {
    expect(advisoryKey('ingest', 'a')).not.toBe(advisoryKey('ingest', 'b'));
    expect(advisoryKey('ingest', undefined)).toBe(advisoryKey('ingest', 'public'));
  });
});

describe('SQLite leader lock', () => {
  it('is always granted (single replica)', async () => {
    const t = createTestDatabase('sqlite');
    const store = await t.open();
    const lock = store.leaderLock('ingest');
    expect(await lock.tryAcquire()).toBe(true);
    expect(lock.held).toBe(true);
    await t.cleanup();
  });
});
