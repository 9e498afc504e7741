import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteAdapter, SqliteDriver, SqliteIntrospector, SqliteQueryCompiler, type DatabaseConnection, type Dialect } from 'kysely';
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
  return { db: new Kysely<Database>({ dialect: immediateSqliteDialect(database) }), database };
}

/**
 * Kysely's SQLite dialect, but transactions begin IMMEDIATE: a transaction takes the write lock when it starts
 * (waiting up to the busy timeout for another connection's), so one that reads and then writes can never find
 * its snapshot stale at the first write. With the default deferred BEGIN, a write committed by another
 * connection in between (the ingest thread has its own) fails that write at once with "database is locked",
 * whatever the busy timeout.
 */
function immediateSqliteDialect(database: BetterSqlite3.Database): Dialect {
  return {
    createDriver: () => new ImmediateSqliteDriver({ database }),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createAdapter: () => new SqliteAdapter(),
    createIntrospector: (db) => new SqliteIntrospector(db),
  };
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
