import 'server-only';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Flow } from '@/lib/flow/flow';
import type { Finding } from '@/lib/findings/finding';
import { mergeFindingRow, newFindingRow } from './finding-row';
import type { DbDialect } from './migrations';
import { addTallies as sumTallies, type AuditTally } from '@/lib/findings/audit-accounting';
import type { AuditTalliesTable, Database, FindingsTable, IngestStateTable, ResolverObservationsTable } from './schema';
import type { FlowCursor, IngestBatch, IngestBatchResult, IngestRepo, IngestState, ResolverObservation } from './store';

/** Rows per multi-row statement: well below SQLite's 32766 and PostgreSQL's 65535 bind parameters. */
const CHUNK = 500;
const FINDING_CHUNK = 50;
/** Flow times further in the future than this never move the cursor (a skewed node clock would stall resume). */
const MAX_CLOCK_SKEW_MS = 60_000;
const SYSTEM_ACTOR = 'lockstep:ingest';

type Trx = Transaction<Database>;

/** The `findings` columns the ingest writes on an existing row (the rest is identity or review state). */
const INGEST_COLUMNS = [
  'subject', 'flows', 'audit_flows', 'blocked_flows', 'first_seen', 'last_seen', 'last_audit_at', 'nodes', 'samples', 'dns', 'timing', 'seen_again', 'updated_at',
] as const satisfies readonly (keyof FindingsTable)[];

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function laterCursor(a: FlowCursor | undefined, b: FlowCursor | undefined): FlowCursor | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.ms > a.ms || (b.ms === a.ms && b.nanos > a.nanos) ? b : a;
}

function toState(row: Selectable<IngestStateTable>): IngestState {
  return {
    cursor: row.cursor_ms === null ? undefined : { ms: row.cursor_ms, nanos: row.cursor_nanos ?? 0 },
    flowsTotal: row.flows_total,
    leaderId: row.leader_id ?? undefined,
    leaderSince: row.leader_since ?? undefined,
    updatedAt: row.updated_at,
  };
}

/**
 * Ingest bookkeeping on `ingest_state`, `ingested_flows`, `findings` and `resolver_observations`. With `sqlite`
 * (the connection under `db`), the per-flow uuid insert is one cached prepared statement run synchronously on the
 * transaction's connection, instead of a multi-row statement Kysely compiles and SQLite prepares every batch.
 */
export function createIngestRepo(db: Kysely<Database>, dialect: DbDialect, sqlite?: BetterSqlite3.Database): IngestRepo {
  const forUpdate = dialect === 'postgres';
  const rememberFlow = sqlite?.prepare('INSERT INTO ingested_flows (uuid, time) VALUES (?, ?) ON CONFLICT (uuid) DO NOTHING');

  /**
   * Creates the stream's row if needed and locks it: on PostgreSQL the row lock serialises every batch of the
   * stream (even from a deposed leader still finishing one); SQLite serialises writers on its own.
   */
  async function lockState(trx: Trx, stream: string, now: number): Promise<Selectable<IngestStateTable>> {
    await trx.insertInto('ingest_state').values({ key: stream, flows_total: 0, updated_at: now }).onConflict((oc) => oc.column('key').doNothing()).execute();
    return trx.selectFrom('ingest_state').selectAll().where('key', '=', stream).$if(forUpdate, (q) => q.forUpdate()).executeTakeFirstOrThrow();
  }

  /** Inserts the uuids not seen before; returns their flows (first occurrence of each uuid, stale ones left out). */
  async function rememberFlows(trx: Trx, flows: readonly Flow[], staleBefore: number): Promise<{ fresh: Flow[]; stale: number }> {
    if (rememberFlow) return rememberFlowsPrepared(rememberFlow, flows, staleBefore);
    const unique = new Map<string, Flow>();
    let stale = 0;
    for (const flow of flows) {
      if (flow.time < staleBefore) stale += 1;
      else if (!unique.has(flow.uuid)) unique.set(flow.uuid, flow);
    }
    const fresh: Flow[] = [];
    for (const part of chunks([...unique.values()], CHUNK)) {
      const inserted = await trx
        .insertInto('ingested_flows')
        .values(part.map((f) => ({ uuid: f.uuid, time: f.time })))
        .onConflict((oc) => oc.column('uuid').doNothing())
        .returning('uuid')
        .execute();
      const added = new Set(inserted.map((r) => r.uuid));
      for (const flow of part) if (added.has(flow.uuid)) fresh.push(flow);
    }
    return { fresh, stale };
  }

  /** The same on SQLite: a repeated uuid (in the batch or before) inserts nothing, so its first occurrence wins. */
  function rememberFlowsPrepared(insert: BetterSqlite3.Statement, flows: readonly Flow[], staleBefore: number): { fresh: Flow[]; stale: number } {
    // Kysely's transaction holds the only connection: these statements are part of it.
    if (!sqlite?.inTransaction) throw new Error('ingested_flows: the prepared insert must run inside the batch transaction');
    const fresh: Flow[] = [];
    let stale = 0;
    for (const flow of flows) {
      if (flow.time < staleBefore) stale += 1;
      else if (insert.run(flow.uuid, flow.time).changes === 1) fresh.push(flow);
    }
    return { fresh, stale };
  }

  async function existingRows(trx: Trx, ids: string[]): Promise<Map<string, FindingsTable>> {
    const rows = new Map<string, FindingsTable>();
    for (const part of chunks(ids, CHUNK)) {
      const found = await trx.selectFrom('findings').selectAll().where('id', 'in', part).$if(forUpdate, (q) => q.forUpdate()).execute();
      for (const row of found) rows.set(row.id, row);
    }
    return rows;
  }

  /**
   * Upserts the batch's findings, merged in memory with the locked rows, in multi-row statements. On conflict
   * only the columns ingest owns are written, never the review state.
   */
  async function upsertFindings(trx: Trx, deltas: Finding[], batch: IngestBatch, now: number) {
    const existing = await existingRows(trx, deltas.map((d) => d.id));
    const rows: FindingsTable[] = [];
    const seenAgain: FindingsTable[] = [];
    for (const delta of deltas) {
      const row = existing.get(delta.id);
      if (!row) {
        rows.push(newFindingRow(delta, now, batch.sampleSize));
        continue;
      }
      const { row: merged, seenAgainNow } = mergeFindingRow(row, delta, now, batch.sampleSize);
      rows.push(merged);
      if (seenAgainNow) seenAgain.push(merged);
    }
    for (const part of chunks(rows, FINDING_CHUNK)) {
      await trx
        .insertInto('findings')
        .values(part)
        .onConflict((oc) => oc.column('id').doUpdateSet((eb) => Object.fromEntries(INGEST_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)]))))
        .execute();
    }
    if (seenAgain.length > 0) {
      await trx
        .insertInto('audit_log')
        .values(seenAgain.map((f) => ({ at: now, actor: SYSTEM_ACTOR, action: 'seen-again', finding_id: f.id, namespace: f.namespace, from_status: f.status, to_status: f.status, comment: null })))
        .execute();
    }
    return { created: deltas.length - existing.size, updated: existing.size, seenAgain: seenAgain.map((f) => f.id) };
  }

  /** Adds the batch's AUDIT tallies to the per-namespace rows (locked on PostgreSQL, like the findings). */
  async function addTallies(trx: Trx, tallies: readonly AuditTally[], now: number): Promise<void> {
    if (tallies.length === 0) return;
    const names = tallies.map((t) => t.namespace);
    const stored = await trx.selectFrom('audit_tallies').selectAll().where('namespace', 'in', names).$if(forUpdate, (q) => q.forUpdate()).execute();
    const known = new Map(stored.map((r) => [r.namespace, fromTallyRow(r)]));
    const rows = tallies.map((t) => toTallyRow(known.has(t.namespace) ? sumTallies(known.get(t.namespace)!, t) : t, now));
    for (const part of chunks(rows, CHUNK)) {
      await trx
        .insertInto('audit_tallies')
        .values(part)
        .onConflict((oc) => oc.column('namespace').doUpdateSet((eb) => ({
          audit_verdicts: eb.ref('excluded.audit_verdicts'), reply_verdicts: eb.ref('excluded.reply_verdicts'),
          skipped: eb.ref('excluded.skipped'), updated_at: eb.ref('excluded.updated_at'),
        })))
        .execute();
    }
  }

  async function saveResolvers(trx: Trx, resolvers: IngestBatch['resolvers']): Promise<void> {
    if (!resolvers) return;
    for (const part of chunks(resolvers.deletes, CHUNK)) await trx.deleteFrom('resolver_observations').where('key', 'in', part).execute();
    for (const part of chunks(resolvers.upserts, FINDING_CHUNK)) {
      await trx
        .insertInto('resolver_observations')
        .values(part.map(toResolverRow))
        .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({
          namespace: eb.ref('excluded.namespace'), flow: eb.ref('excluded.flow'), names: eb.ref('excluded.names'),
          flows: eb.ref('excluded.flows'), last_seen: eb.ref('excluded.last_seen'),
        })))
        .execute();
    }
  }

  return {
    async state(stream) {
      const row = await db.selectFrom('ingest_state').selectAll().where('key', '=', stream).executeTakeFirst();
      return row && toState(row);
    },

    async claimLeadership(stream, leaderId, now = Date.now()) {
      await db
        .insertInto('ingest_state')
        .values({ key: stream, flows_total: 0, leader_id: leaderId, leader_since: now, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ leader_id: leaderId, leader_since: now, updated_at: now }))
        .execute();
    },

    async tallies() {
      const rows = await db.selectFrom('audit_tallies').selectAll().orderBy('namespace').execute();
      return rows.map(fromTallyRow);
    },

    async resolvers() {
      const rows = await db.selectFrom('resolver_observations').selectAll().orderBy('last_seen', 'desc').execute();
      return rows.map(fromResolverRow);
    },

    async applyBatch(batch) {
      const now = batch.now ?? Date.now();
      return db.transaction().execute(async (trx): Promise<IngestBatchResult> => {
        const state = toState(await lockState(trx, batch.stream, now));
        const staleBefore = state.cursor ? state.cursor.ms - batch.dedupeWindowMs : -Infinity;
        const { fresh, stale } = await rememberFlows(trx, batch.flows, staleBefore);
        const summary = fresh.length > 0 ? batch.summarize(fresh) : undefined;
        const findings = summary ? await upsertFindings(trx, summary.findings, batch, now) : { created: 0, updated: 0, seenAgain: [] };
        if (summary) await addTallies(trx, summary.tallies, now);
        await saveResolvers(trx, batch.resolvers);
        let cursor = state.cursor;
        for (const flow of batch.flows) {
          if (flow.time <= now + MAX_CLOCK_SKEW_MS) cursor = laterCursor(cursor, { ms: flow.time, nanos: flow.timeNanos });
        }
        await trx
          .updateTable('ingest_state')
          .set({ cursor_ms: cursor?.ms ?? null, cursor_nanos: cursor?.nanos ?? null, flows_total: state.flowsTotal + fresh.length, leader_id: batch.leaderId, updated_at: now })
          .where('key', '=', batch.stream)
          .execute();
        if (cursor) await trx.deleteFrom('ingested_flows').where('time', '<', cursor.ms - batch.dedupeWindowMs).execute();
        return {
          stored: fresh.length,
          duplicates: batch.flows.length - fresh.length - stale,
          stale,
          findingsCreated: findings.created,
          findingsUpdated: findings.updated,
          seenAgain: findings.seenAgain,
          cursor,
        };
      });
    },
  };
}

function toTallyRow(t: AuditTally, now: number): AuditTalliesTable {
  return { namespace: t.namespace, audit_verdicts: t.auditVerdicts, reply_verdicts: t.replyVerdicts, skipped: JSON.stringify(t.skipped), updated_at: now };
}

/** NOTE: PostgreSQL may return bigint as a string; both dialects end up as numbers here. */
function fromTallyRow(row: AuditTalliesTable): AuditTally {
  return { namespace: row.namespace, auditVerdicts: Number(row.audit_verdicts), replyVerdicts: Number(row.reply_verdicts), skipped: JSON.parse(row.skipped) as AuditTally['skipped'] };
}

function toResolverRow(o: ResolverObservation): ResolverObservationsTable {
  return { key: o.key, namespace: o.namespace, flow: JSON.stringify(o.flow), names: JSON.stringify(o.names), flows: o.flows, last_seen: o.lastSeen };
}

function fromResolverRow(row: ResolverObservationsTable): ResolverObservation {
  return { key: row.key, namespace: row.namespace, flow: JSON.parse(row.flow) as Flow, names: JSON.parse(row.names) as string[], flows: row.flows, lastSeen: row.last_seen };
}
