import 'server-only';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { AppError } from '../errors';
import { redactDatabaseUrl, scrubSecret } from './redact-database-url';
import type { Database } from './schema';

/** Connection settings of a PostgreSQL store. */
export interface PostgresOptions {
  /** `postgres://…` (a secret: never logged unredacted). */
  url: string;
  /** A schema to use instead of `public` (created if missing): tests use one per run. Default: none. */
  schema?: string;
  /** Pool size. Default: 10. */
  poolSize?: number;
}

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;
const INT8_OID = 20;

/** `bigint` columns (epoch ms, counts) come back as numbers: every value Lockstep stores is below 2^53. */
function getTypeParser(oid: number, format?: 'text' | 'binary') {
  if (oid === INT8_OID) return (value: string) => Number(value);
  return pg.types.getTypeParser(oid, format);
}

/** The `pg` client configuration for `options` (search path, numeric bigints, TCP keep-alive). */
export function pgClientConfig(options: PostgresOptions): pg.ClientConfig {
  if (options.schema !== undefined && !SCHEMA_RE.test(options.schema)) {
    throw new AppError('bad_request:db', `invalid PostgreSQL schema name "${options.schema.slice(0, 64)}"`);
  }
  return {
    connectionString: options.url,
    application_name: 'lockstep',
    keepAlive: true,
    connectionTimeoutMillis: 10_000,
    // A hung server must not hold an ingest batch forever, and a vanished client must not hold row locks.
    statement_timeout: 30_000,
    idle_in_transaction_session_timeout: 60_000,
    types: { getTypeParser } as pg.CustomTypesConfig,
    ...(options.schema && { options: `-c search_path=${options.schema}` }),
  };
}

/** Turns a driver error into an `unavailable:db` AppError whose message carries no secret. */
export function postgresError(error: unknown, url: string, what: string): AppError {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const reason = code && message.includes(code) ? message : [code, message].filter(Boolean).join(' ');
  return new AppError('unavailable:db', scrubSecret(`${what} (${redactDatabaseUrl(url)}): ${reason}`, url));
}

/** Opens a pooled Kysely instance on PostgreSQL. Idle-client errors are logged (redacted), never thrown. */
export function openPostgres(options: PostgresOptions): { db: Kysely<Database>; pool: pg.Pool } {
  const pool = new pg.Pool({ ...pgClientConfig(options), max: options.poolSize ?? 10 });
  pool.on('error', (error) => console.warn(`[lockstep] ${postgresError(error, options.url, 'idle PostgreSQL connection failed').message}`));
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}

/** Creates the store's schema when one is configured (before migrations). */
export async function ensureSchema(options: PostgresOptions): Promise<void> {
  if (!options.schema) return;
  await withPgClient(options, (client) => client.query(`create schema if not exists "${options.schema}"`));
}

/** Runs `fn` on a dedicated connection, closed afterwards. */
export async function withPgClient<T>(options: PostgresOptions, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(pgClientConfig(options));
  client.on('error', () => undefined); // surfaced by the failing query instead
  try {
    await client.connect();
  } catch (error) {
    throw postgresError(error, options.url, 'cannot connect to PostgreSQL');
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Lockstep's advisory-lock class (`'LkSt'`); the second key names the lock (see {@link advisoryKey}). */
export const ADVISORY_CLASS = 0x4c6b5374;

/** A 32-bit key for a lock name, scoped to the schema so that separate schemas never contend. */
export function advisoryKey(name: string, schema: string | undefined): number {
  const text = `${schema ?? 'public'}:${name}`;
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h | 0;
}

/** Runs `fn` while holding a session advisory lock (waits for it): serialises migrations across replicas. */
export async function withAdvisoryLock<T>(options: PostgresOptions, name: string, fn: () => Promise<T>): Promise<T> {
  return withPgClient(options, async (client) => {
    const key = advisoryKey(name, options.schema);
    await client.query('select pg_advisory_lock($1, $2)', [ADVISORY_CLASS, key]);
    try {
      return await fn();
    } finally {
      await client.query('select pg_advisory_unlock($1, $2)', [ADVISORY_CLASS, key]).catch(() => undefined);
    }
  });
}
