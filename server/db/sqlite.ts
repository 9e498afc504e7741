import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { AppError } from '../errors';
import type { Database } from './schema';

/** How long a writer waits for another connection's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating it and its directory) the SQLite file: WAL journal, so readers never block the writer and a
 * killed process leaves a consistent file; `synchronous=NORMAL`, durable across process crashes in WAL mode.
 * Returns Kysely on the connection, and the connection itself for the ingest's prepared statements (ingest-repo.ts).
 */
export function openSqlite(file: string): { db: Kysely<Database>; database: BetterSqlite3.Database } {
  let database: BetterSqlite3.Database;
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    database = new BetterSqlite3(file);
    database.pragma('journal_mode = WAL');
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : 'error');
    throw new AppError('unavailable:db', `cannot open the SQLite database ${file} (${reason}); check LOCKSTEP_DATA_DIR`);
  }
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), database };
}
