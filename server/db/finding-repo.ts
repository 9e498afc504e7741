import 'server-only';
import type { Kysely } from 'kysely';
import { toStoredFinding } from './finding-row';
import { FINDING_STATUSES, type Database, type FindingStatus, type FindingsTable } from './schema';
import type { FindingQuery, FindingRepo, NamespaceFindingStats, StoredFinding } from './store';

const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 5_000;

/** Every column but the heavy `samples`. */
const LIST_COLUMNS = [
  'id', 'key', 'namespace', 'workload', 'subject', 'direction', 'peer_kind', 'peer', 'protocol', 'port', 'flows',
  'audit_flows', 'blocked_flows', 'first_seen', 'last_seen', 'last_audit_at', 'nodes', 'dns', 'timing', 'status', 'seen_again',
  'flows_at_review', 'reviewed_by', 'reviewed_at', 'created_at', 'updated_at',
] as const satisfies readonly (keyof FindingsTable)[];

/** Reads of the `findings` table. */
export function createFindingRepo(db: Kysely<Database>): FindingRepo {
  return {
    async list(query: FindingQuery = {}): Promise<StoredFinding[]> {
      const limit = Math.min(Math.max(1, Math.floor(query.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
      let q = db.selectFrom('findings');
      if (query.namespace !== undefined) q = q.where('namespace', '=', query.namespace);
      if (query.status?.length) q = q.where('status', 'in', [...query.status]);
      if (query.seenAgain !== undefined) q = q.where('seen_again', '=', query.seenAgain ? 1 : 0);
      q = q.orderBy('last_seen', 'desc').orderBy('id').limit(limit).offset(Math.max(0, Math.floor(query.offset ?? 0)));
      if (query.includeSamples) return (await q.selectAll().execute()).map((row) => toStoredFinding(row));
      const rows = await q.select(LIST_COLUMNS).execute();
      return rows.map((row) => toStoredFinding({ ...row, samples: '[]' }, false));
    },

    async get(id: string): Promise<StoredFinding | undefined> {
      const row = await db.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toStoredFinding(row);
    },

    async stats(namespace?: string): Promise<NamespaceFindingStats[]> {
      let q = db
        .selectFrom('findings')
        .select(({ fn }) => [
          'namespace',
          'status',
          fn.countAll<number>().as('total'),
          fn.sum<number>('seen_again').as('seen_again'),
          fn.sum<number>('audit_flows').as('audit_flows'),
          fn.sum<number>('blocked_flows').as('blocked_flows'),
          fn.max('last_audit_at').as('last_audit_at'),
          fn.max('last_seen').as('last_seen'),
        ])
        .groupBy(['namespace', 'status'])
        .orderBy('namespace');
      if (namespace !== undefined) q = q.where('namespace', '=', namespace);
      return foldStats(await q.execute());
    },
  };
}

interface StatsRow {
  namespace: string;
  status: FindingStatus;
  total: number | string;
  seen_again: number | string | null;
  audit_flows: number | string | null;
  blocked_flows: number | string | null;
  last_audit_at: number | string | null;
  last_seen: number | string | null;
}

/** NOTE: PostgreSQL returns `sum()` of bigint as numeric (a string); both dialects end up as numbers here. */
function num(value: number | string | null): number {
  return value === null ? 0 : Number(value);
}

function foldStats(rows: StatsRow[]): NamespaceFindingStats[] {
  const out = new Map<string, NamespaceFindingStats>();
  for (const row of rows) {
    let s = out.get(row.namespace);
    if (!s) {
      const byStatus = Object.fromEntries(FINDING_STATUSES.map((st) => [st, 0])) as Record<FindingStatus, number>;
      s = { namespace: row.namespace, total: 0, byStatus, seenAgain: 0, auditFlows: 0, blockedFlows: 0, lastAuditAt: undefined, lastSeen: undefined };
      out.set(row.namespace, s);
    }
    s.total += num(row.total);
    s.byStatus[row.status] = (s.byStatus[row.status] ?? 0) + num(row.total);
    s.seenAgain += num(row.seen_again);
    s.auditFlows += num(row.audit_flows);
    s.blockedFlows += num(row.blocked_flows);
    if (row.last_audit_at !== null) s.lastAuditAt = Math.max(s.lastAuditAt ?? 0, num(row.last_audit_at));
    if (row.last_seen !== null) s.lastSeen = Math.max(s.lastSeen ?? 0, num(row.last_seen));
  }
  return [...out.values()];
}
