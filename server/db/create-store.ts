import 'server-only';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DbConfig } from '../config';
import { AppError } from '../errors';
import { createFindingRepo } from './finding-repo';
import { createIngestRepo } from './ingest-repo';
import { alwaysHeldLock, PgLeaderLock } from './leader-lock';
import { migrateToLatest, type DbDialect } from './migrations';
import { ensureSchema, openPostgres, postgresError, withAdvisoryLock, type PostgresOptions } from './postgres';
import { redactDatabaseUrl } from './redact-database-url';
import { createReviewRepo } from './review-repo';
import { createChecklistRepo } from './checklist-repo';
import { createExportRepo } from './export-repo';
import { createPolicyFileRepo } from './policy-file-repo';
import { createAuditWindowRepo } from './audit-window-repo';
import type { Database } from './schema';
import { openSqlite } from './sqlite';
import type { LeaderLock, Store } from './store';

/** Options of {@link createStore}. */
export interface CreateStoreOptions {
  /** PostgreSQL only: a schema instead of `public` (created if missing). Tests use one per run. Default: none. */
  schema?: string;
  /** PostgreSQL pool size. Default: 10. */
  poolSize?: number;
  /** Clock for review timestamps (tests). Default: Date.now. */
  clock?: () => number;
}

/** A store plus the raw Kysely handle, for tests and maintenance scripts only. */
export interface OpenedStore extends Store {
  readonly db: Kysely<Database>;
}

/**
 * Opens the store the configuration asks for: PostgreSQL when `DATABASE_URL` is set, else the SQLite file in
 * `LOCKSTEP_DATA_DIR`; then applies pending migrations. Throws `unavailable:db` (message without secrets).
 */
export async function createStore(config: Pick<DbConfig, 'sqliteFile' | 'url'>, options: CreateStoreOptions = {}): Promise<OpenedStore> {
  return config.url
    ? openPostgresStore({ url: config.url, schema: options.schema, poolSize: options.poolSize }, options)
    : openSqliteStore(config.sqliteFile, options);
}

async function openSqliteStore(file: string, options: CreateStoreOptions): Promise<OpenedStore> {
  const { db, database } = openSqlite(file);
  try {
    // NOTE: Kysely's migration lock is a no-op on SQLite, so processes opening a new file at once can race; a
    // loser's transaction rolls back entirely and a later run finds the migrations applied. With several racers
    // (an ALTER TABLE has no IF NOT EXISTS) a retry can lose again, hence a few attempts.
    for (let attempt = 1; ; attempt++) {
      try {
        await migrateToLatest(db, 'sqlite');
        break;
      } catch (error) {
        if (attempt >= 4) throw error;
      }
    }
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return assemble(db, 'sqlite', `sqlite:${path.resolve(file)}`, options, () => alwaysHeldLock(), database);
}

async function openPostgresStore(pgOptions: PostgresOptions, options: CreateStoreOptions): Promise<OpenedStore> {
  const { db } = openPostgres(pgOptions);
  try {
    // Replicas starting together take turns, so that only one creates the schema and the tables.
    await withAdvisoryLock(pgOptions, 'migrations', async () => {
      await ensureSchema(pgOptions);
      await migrateToLatest(db, 'postgres', pgOptions.schema);
    });
  } catch (error) {
    await db.destroy();
    throw error instanceof AppError ? error : postgresError(error, pgOptions.url, 'cannot migrate the database');
  }
  const description = redactDatabaseUrl(pgOptions.url) + (pgOptions.schema ? ` (schema ${pgOptions.schema})` : '');
  return assemble(db, 'postgres', description, options, (name, healthCheckMs) => new PgLeaderLock(pgOptions, name, healthCheckMs));
}

function assemble(
  db: Kysely<Database>,
  dialect: DbDialect,
  description: string,
  options: CreateStoreOptions,
  lock: (name: string, healthCheckMs?: number) => LeaderLock,
  sqlite?: BetterSqlite3.Database,
): OpenedStore {
  let closing: Promise<void> | undefined;
  return {
    db,
    dialect,
    description,
    findings: createFindingRepo(db),
    reviews: createReviewRepo(db, dialect, options.clock),
    ingest: createIngestRepo(db, dialect, sqlite),
    checklist: createChecklistRepo(db, options.clock),
    exports: createExportRepo(db),
    policyFiles: createPolicyFileRepo(db, options.clock),
    auditWindows: createAuditWindowRepo(db),
    leaderLock: (name, lockOptions) => lock(name, lockOptions?.healthCheckMs),
    close() {
      closing ??= db.destroy();
      return closing;
    },
  };
}
