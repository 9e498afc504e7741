import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from './sqlite';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-sqlite-'));
  dirs.push(dir);
  return path.join(dir, 'lockstep.db');
}

describe('openSqlite transactions', () => {
  it('hold the write lock from their start, so another connection cannot slip a write in between', async () => {
    const file = tempFile();
    const { db, database } = openSqlite(file);
    await sql`create table t (n integer)`.execute(db);
    const other = new BetterSqlite3(file, { timeout: 0 });
    let otherWrite: string | undefined;
    await db.transaction().execute(async (trx) => {
      await sql`select count(*) from t`.execute(trx);
      try {
        other.prepare('insert into t values (1)').run();
        otherWrite = 'written';
      } catch (error) {
        otherWrite = (error as { code?: string }).code;
      }
      await sql`insert into t values (2)`.execute(trx);
    });
    // With a deferred BEGIN the other write would have gone in and this transaction's insert would fail with
    // SQLITE_BUSY_SNAPSHOT; with BEGIN IMMEDIATE the other connection waits (here: busy at once, timeout 0).
    expect(otherWrite).toBe('SQLITE_BUSY');
    expect(database.prepare('select n from t').all()).toEqual([{ n: 2 }]);
    other.prepare('insert into t values (3)').run();
    expect(database.prepare('select count(*) as c from t').get()).toEqual({ c: 2 });
    other.close();
    await db.destroy();
  });
});
