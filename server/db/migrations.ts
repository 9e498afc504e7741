import 'server-only';
import { Migrator, type Kysely, type Migration, type MigrationProvider, type CreateTableBuilder } from 'kysely';
import { AppError } from '../errors';

/**
 * Schema migrations, in code: the Next.js bundle has no migrations folder to read at run time. Append new
 * migrations with a larger name; never edit one that has shipped. Applied at start by {@link migrateToLatest}.
 */

/** The SQL dialect of a store. */
export type DbDialect = 'sqlite' | 'postgres';

// Kysely's migration API is untyped on purpose: a migration sees the schema of its own time, not today's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** An auto-increment integer primary key in either dialect. */
function withSerialId<T extends string>(table: CreateTableBuilder<T, never>, dialect: DbDialect): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

async function createFindings(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('findings')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('namespace', 'text', (c) => c.notNull())
    .addColumn('workload', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('peer_kind', 'text', (c) => c.notNull())
    .addColumn('peer', 'text', (c) => c.notNull())
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('flows', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('audit_flows', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('blocked_flows', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_audit_at', 'bigint')
    .addColumn('nodes', 'text', (c) => c.notNull())
    .addColumn('samples', 'text', (c) => c.notNull())
    .addColumn('dns', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
    .addColumn('seen_again', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flows_at_review', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('findings_namespace_status').ifNotExists().on('findings').columns(['namespace', 'status']).execute();
  await db.schema.createIndex('findings_last_seen').ifNotExists().on('findings').column('last_seen').execute();
}

async function createReviewTables(db: AnyDb, dialect: DbDialect): Promise<void> {
  await withSerialId(db.schema.createTable('finding_reviews').ifNotExists(), dialect)
    .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id').onDelete('cascade'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('from_status', 'text')
    .addColumn('comment', 'text')
    .execute();
  await db.schema.createIndex('finding_reviews_finding').ifNotExists().on('finding_reviews').columns(['finding_id', 'id']).execute();
  await withSerialId(db.schema.createTable('audit_log').ifNotExists(), dialect)
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('finding_id', 'text')
    .addColumn('namespace', 'text')
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('comment', 'text')
    .execute();
  await db.schema.createIndex('audit_log_finding').ifNotExists().on('audit_log').columns(['finding_id', 'id']).execute();
  await db.schema.createIndex('audit_log_namespace').ifNotExists().on('audit_log').columns(['namespace', 'id']).execute();
}

async function createIngestTables(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('ingest_state')
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('cursor_ms', 'bigint')
    .addColumn('cursor_nanos', 'integer')
    .addColumn('flows_total', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('leader_id', 'text')
    .addColumn('leader_since', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ingested_flows')
    .ifNotExists()
    .addColumn('uuid', 'text', (c) => c.primaryKey())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ingested_flows_time').ifNotExists().on('ingested_flows').column('time').execute();
  await db.schema
    .createTable('resolver_observations')
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('namespace', 'text', (c) => c.notNull())
    .addColumn('flow', 'text', (c) => c.notNull())
    .addColumn('names', 'text', (c) => c.notNull())
    .addColumn('flows', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .execute();
}

/** Manual confirmations of rollout checklist steps (append-only: the newest per step and scope wins). */
async function createChecklistConfirmations(db: AnyDb, dialect: DbDialect): Promise<void> {
  await withSerialId(db.schema.createTable('checklist_confirmations').ifNotExists(), dialect)
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('namespace', 'text')
    .addColumn('confirmed', 'integer', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('checklist_confirmations_scope').ifNotExists().on('checklist_confirmations').columns(['scope', 'namespace', 'step', 'id']).execute();
}

/** Policy files per namespace, so that every replica (and the next start) sees the same ones. */
async function createPolicyFiles(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('policy_files')
    .ifNotExists()
    .addColumn('namespace', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('policy_files_pk', ['namespace', 'name'])
    .execute();
}

/** Per-namespace audit windows (issue #15): one row per window, its endpoints as JSON. */
async function createAuditWindows(db: AnyDb, dialect: DbDialect): Promise<void> {
  await withSerialId(db.schema.createTable('audit_windows').ifNotExists(), dialect)
    .addColumn('namespace', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_by', 'text')
    .addColumn('close_reason', 'text')
    .addColumn('endpoints', 'text', (c) => c.notNull())
    .addColumn('last_reconcile', 'text')
    .addColumn('manual', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_windows_namespace').ifNotExists().on('audit_windows').columns(['namespace', 'id']).execute();
}

/** Per-finding timing (triage evidence) and the per-namespace AUDIT tallies (every verdict accounted for). */
async function addTriageAndAccounting(db: AnyDb): Promise<void> {
  await db.schema.alterTable('findings').addColumn('timing', 'text').execute();
  await db.schema
    .createTable('audit_tallies')
    .ifNotExists()
    .addColumn('namespace', 'text', (c) => c.primaryKey())
    .addColumn('audit_verdicts', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('reply_verdicts', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

/** Every migration, by name (applied in name order). */
export function lockstepMigrations(dialect: DbDialect): Record<string, Migration> {
  return {
    '0001_initial': {
      async up(db: AnyDb) {
        await createFindings(db);
        await createReviewTables(db, dialect);
        await createIngestTables(db);
      },
    },
    '0002_checklist_confirmations': {
      async up(db: AnyDb) {
        await createChecklistConfirmations(db, dialect);
      },
    },
    '0003_policy_files': {
      async up(db: AnyDb) {
        await createPolicyFiles(db);
      },
    },
    '0004_audit_windows': {
      async up(db: AnyDb) {
        await createAuditWindows(db, dialect);
      },
    },
    '0005_triage_accounting': {
      async up(db: AnyDb) {
        await addTriageAndAccounting(db);
      },
    },
  };
}

/** A provider that serves {@link lockstepMigrations} without touching the file system. */
export function inCodeMigrationProvider(dialect: DbDialect): MigrationProvider {
  return { getMigrations: async () => lockstepMigrations(dialect) };
}

/**
 * Applies every pending migration. Idempotent; Kysely's migration lock serialises concurrent starts (on PostgreSQL
 * the caller also holds an advisory lock, because two replicas may race to create the lock table itself).
 * @returns the names of the migrations applied now.
 */
export async function migrateToLatest(db: AnyDb, dialect: DbDialect, schema?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: inCodeMigrationProvider(dialect), ...(schema && { migrationTableSchema: schema }) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('unavailable:db', `database migration ${failed} failed: ${reason}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
