import 'server-only';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { AppError } from '../errors';
import { toStoredFinding } from './finding-row';
import type { DbDialect } from './migrations';
import { assertTransition, parseActor, parseComment, parseDecision } from './review-rules';
import type { AuditLogTable, Database, FindingReviewsTable, FindingStatus } from './schema';
import type { AuditEntry, AuditLogQuery, ReviewEntry, ReviewInput, ReviewRepo } from './store';

const DEFAULT_AUDIT_LIMIT = 100;
const MAX_AUDIT_LIMIT = 1_000;

/** The review flow on the `findings`, `finding_reviews` and `audit_log` tables. */
export function createReviewRepo(db: Kysely<Database>, dialect: DbDialect, clock: () => number = Date.now): ReviewRepo {
  /** The finding row, locked for the rest of the transaction on PostgreSQL (SQLite transactions are serial). */
  const lockFinding = (trx: Transaction<Database>, id: string) =>
    trx
      .selectFrom('findings')
      .selectAll()
      .where('id', '=', id)
      .$if(dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();

  return {
    async review(input: ReviewInput) {
      const decision = parseDecision(input.decision);
      const actor = parseActor(input.actor);
      const comment = parseComment(input.comment);
      return db.transaction().execute(async (trx) => {
        const row = await lockFinding(trx, input.findingId);
        if (!row) throw new AppError('not_found:findings', `no finding with id "${input.findingId.slice(0, 40)}"`);
        if (input.expectedStatus && input.expectedStatus !== row.status) {
          throw new AppError('conflict:findings', `the finding was changed meanwhile: it is now ${row.status}`, { status: row.status });
        }
        assertTransition(row.status, decision);
        const at = clock();
        const updated = { ...row, status: decision, seen_again: 0, flows_at_review: row.flows, reviewed_by: actor, reviewed_at: at, updated_at: at };
        await trx
          .updateTable('findings')
          .set({ status: decision, seen_again: 0, flows_at_review: row.flows, reviewed_by: actor, reviewed_at: at, updated_at: at })
          .where('id', '=', row.id)
          .execute();
        const entry = await insertReview(trx, { finding_id: row.id, actor, at, decision, from_status: row.status, comment: comment ?? null });
        await trx
          .insertInto('audit_log')
          .values({ at, actor, action: 'review', finding_id: row.id, namespace: row.namespace, from_status: row.status, to_status: decision, comment: comment ?? null })
          .execute();
        return { finding: toStoredFinding(updated), entry };
      });
    },

    async comment(input) {
      const actor = parseActor(input.actor);
      const comment = parseComment(input.comment);
      if (!comment) throw new AppError('bad_request:findings', 'the comment is empty');
      return db.transaction().execute(async (trx) => {
        const row = await lockFinding(trx, input.findingId);
        if (!row) throw new AppError('not_found:findings', `no finding with id "${input.findingId.slice(0, 40)}"`);
        const at = clock();
        const entry = await insertReview(trx, { finding_id: row.id, actor, at, decision: null, from_status: null, comment });
        await trx
          .insertInto('audit_log')
          .values({ at, actor, action: 'comment', finding_id: row.id, namespace: row.namespace, from_status: null, to_status: null, comment })
          .execute();
        return entry;
      });
    },

    async thread(findingId: string): Promise<ReviewEntry[]> {
      const rows = await db.selectFrom('finding_reviews').selectAll().where('finding_id', '=', findingId).orderBy('id').execute();
      return rows.map(toReviewEntry);
    },

    async auditLog(query: AuditLogQuery = {}): Promise<AuditEntry[]> {
      const limit = Math.min(Math.max(1, Math.floor(query.limit ?? DEFAULT_AUDIT_LIMIT)), MAX_AUDIT_LIMIT);
      let q = db.selectFrom('audit_log').selectAll();
      if (query.findingId !== undefined) q = q.where('finding_id', '=', query.findingId);
      if (query.namespace !== undefined) q = q.where('namespace', '=', query.namespace);
      if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId);
      const rows = await q.orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toAuditEntry);
    },
  };
}

type NewReview = Omit<Selectable<FindingReviewsTable>, 'id'>;

async function insertReview(trx: Transaction<Database>, values: NewReview): Promise<ReviewEntry> {
  const { id } = await trx.insertInto('finding_reviews').values(values).returning('id').executeTakeFirstOrThrow();
  return toReviewEntry({ id, ...values });
}

function toReviewEntry(row: Selectable<FindingReviewsTable>): ReviewEntry {
  return {
    id: row.id,
    findingId: row.finding_id,
    actor: row.actor,
    at: row.at,
    decision: (row.decision as FindingStatus | null) ?? undefined,
    fromStatus: (row.from_status as FindingStatus | null) ?? undefined,
    comment: row.comment ?? undefined,
  };
}

function toAuditEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    findingId: row.finding_id ?? undefined,
    namespace: row.namespace ?? undefined,
    fromStatus: row.from_status ?? undefined,
    toStatus: row.to_status ?? undefined,
    comment: row.comment ?? undefined,
  };
}
