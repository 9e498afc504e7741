import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createStore, type OpenedStore } from '../create-store';
import type { DbDialect } from '../migrations';

/**
 * Test databases for both dialects (test code only). SQLite: a file in a fresh temp directory. PostgreSQL: a
 * fresh schema in `LOCKSTEP_TEST_DATABASE_URL` (default postgres://postgres@127.0.0.1:5432/test), dropped at the
 * end. Both dialects are required: an unreachable PostgreSQL fails the suite that needs it (it never silently
 * shrinks to SQLite; `npm test` starts PostgreSQL first, see scripts/ensure-test-deps.sh). Only an explicit
 * `LOCKSTEP_TEST_POSTGRES=off` runs the SQLite half alone, and says so.
 * NOTE: test helpers read the environment directly; application code goes through server/config.ts.
 */

export const TEST_POSTGRES_URL = process.env.LOCKSTEP_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One test database: open as many stores on it as a test needs (restarts, replicas); `cleanup()` removes it. */
export interface TestDatabase {
  dialect: DbDialect;
  /** The SQLite file, or the PostgreSQL schema. */
  location: string;
  /** What `createStore` receives (plus `schema` for PostgreSQL). */
  config: { sqliteFile: string; url: string | undefined };
  schema: string | undefined;
  open(): Promise<OpenedStore>;
  cleanup(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The dialects to test: SQLite and PostgreSQL. Throws when PostgreSQL is unreachable, unless turned off explicitly. */
export async function testDialects(): Promise<DbDialect[]> {
  if (process.env.LOCKSTEP_TEST_POSTGRES === 'off') {
    console.warn('[test] LOCKSTEP_TEST_POSTGRES=off: the PostgreSQL variants of this suite did not run');
    return ['sqlite'];
  }
  if (await reachable(TEST_POSTGRES_URL)) return ['sqlite', 'postgres'];
  throw new Error(
    `PostgreSQL is needed by this suite but ${TEST_POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')} is unreachable: ` +
      'run `npm test` (scripts/ensure-test-deps.sh starts it), set LOCKSTEP_TEST_DATABASE_URL, or LOCKSTEP_TEST_POSTGRES=off to run SQLite only',
  );
}

let sequence = 0;

/** A fresh, empty test database of `dialect`. */
export function createTestDatabase(dialect: DbDialect): TestDatabase {
  const unique = `${process.pid}_${Date.now().toString(36)}_${sequence++}_${Math.random().toString(36).slice(2, 8)}`;
  const opened: OpenedStore[] = [];
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-db-'));
    const sqliteFile = path.join(dir, 'lockstep.db');
    return {
      dialect, location: sqliteFile, config: { sqliteFile, url: undefined }, schema: undefined,
      async open() {
        const store = await createStore({ sqliteFile, url: undefined });
        opened.push(store);
        return store;
      },
      async cleanup() {
        await Promise.all(opened.map((s) => s.close()));
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `lockstep_test_${unique}`;
  return {
    dialect, location: schema, config: { sqliteFile: '', url: TEST_POSTGRES_URL }, schema,
    async open() {
      const store = await createStore({ sqliteFile: '', url: TEST_POSTGRES_URL }, { schema, poolSize: 4 });
      opened.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(opened.map((s) => s.close()));
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    },
  };
}
