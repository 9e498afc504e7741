import 'server-only';
import type { Kysely, Selectable } from 'kysely';
import { AppError, parseNamespace } from '../errors';
import type { ChecklistConfirmationsTable, Database } from './schema';

/**
 * Manual confirmations of rollout checklist steps, for where the cluster cannot be read. Append-only: every
 * confirmation or withdrawal is a row (and an audit log entry, in the same transaction); the newest row per step
 * and scope is the effective one. Cluster-scoped steps (1, 3, 7, 8) are confirmed once for the cluster.
 */

/** A stored confirmation. */
export interface ChecklistConfirmation {
  id: number;
  step: number;
  scope: 'cluster' | 'namespace';
  /** Namespace-scoped confirmations only. */
  namespace: string | undefined;
  confirmed: boolean;
  actor: string;
  at: number;
  note: string | undefined;
}

/** Input of {@link ChecklistRepo.confirm}. */
export interface ConfirmStepInput {
  step: number;
  scope: 'cluster' | 'namespace';
  /** The namespace whose checklist the user confirmed from (stored for namespace scope; logged for both). */
  namespace: string;
  confirmed: boolean;
  actor: string;
  note?: string;
}

/** Checklist persistence. */
export interface ChecklistRepo {
  /** Records a confirmation or its withdrawal, with an audit log entry. Throws `bad_request:checklist` on bad input. */
  confirm(input: ConfirmStepInput): Promise<ChecklistConfirmation>;
  /**
   * The effective (newest) confirmation per step: the cluster's, plus the namespace's when `namespace` is given,
   * or every namespace's when it is not. Withdrawals are returned too (`confirmed: false`).
   */
  confirmations(namespace?: string): Promise<ChecklistConfirmation[]>;
  /** The first AUDIT seen per namespace: the earliest `first_seen` of findings with AUDIT flows. */
  firstAuditSeen(namespace?: string): Promise<Record<string, number>>;
}

const MAX_NOTE = 1_000;
const MAX_ACTOR = 200;

/** The repository on the `checklist_confirmations` and `audit_log` tables. */
export function createChecklistRepo(db: Kysely<Database>, clock: () => number = Date.now): ChecklistRepo {
  return {
    async confirm(input) {
      const row = validate(input, clock());
      return db.transaction().execute(async (trx) => {
        const previous = await newest(trx, row.scope, row.namespace, row.step);
        const { id } = await trx.insertInto('checklist_confirmations').values(row).returning('id').executeTakeFirstOrThrow();
        await trx
          .insertInto('audit_log')
          .values({
            at: row.at,
            actor: row.actor,
            action: `checklist step ${row.step}${row.scope === 'cluster' ? ' (cluster)' : ''}`,
            finding_id: null,
            namespace: input.namespace,
            from_status: previous?.confirmed ? 'confirmed' : 'unconfirmed',
            to_status: row.confirmed ? 'confirmed' : 'unconfirmed',
            comment: row.note,
          })
          .execute();
        return toConfirmation({ id, ...row });
      });
    },

    async confirmations(namespace) {
      let q = db.selectFrom('checklist_confirmations').selectAll();
      if (namespace !== undefined) q = q.where((eb) => eb.or([eb('scope', '=', 'cluster'), eb('namespace', '=', namespace)]));
      const rows = await q.orderBy('id').execute();
      // The table holds a handful of rows per namespace: folding the history here keeps the query portable.
      const latest = new Map<string, Selectable<ChecklistConfirmationsTable>>();
      for (const r of rows) latest.set(`${r.scope}\u0000${r.namespace ?? ''}\u0000${r.step}`, r);
      return [...latest.values()].sort((a, b) => a.id - b.id).map(toConfirmation);
    },

    async firstAuditSeen(namespace) {
      let q = db.selectFrom('findings').select(({ fn }) => ['namespace', fn.min('first_seen').as('first')]).where('audit_flows', '>', 0).groupBy('namespace');
      if (namespace !== undefined) q = q.where('namespace', '=', namespace);
      const rows = await q.execute();
      // NOTE: PostgreSQL returns bigint aggregates as strings.
      return Object.fromEntries(rows.map((r) => [r.namespace, Number(r.first)]));
    },
  };
}

type NewRow = Omit<Selectable<ChecklistConfirmationsTable>, 'id'>;

function validate(input: ConfirmStepInput, at: number): NewRow {
  if (!Number.isInteger(input.step) || input.step < 1 || input.step > 8) throw new AppError('bad_request:checklist', 'step must be 1..8');
  if (input.scope !== 'cluster' && input.scope !== 'namespace') throw new AppError('bad_request:checklist', 'scope must be cluster or namespace');
  const namespace = parseNamespace(input.namespace);
  const actor = input.actor.trim();
  if (!actor || actor.length > MAX_ACTOR) throw new AppError('bad_request:checklist', `a confirming identity (1 to ${MAX_ACTOR} characters) is required`);
  const note = input.note?.trim() || null;
  if (note && note.length > MAX_NOTE) throw new AppError('too_large:checklist', `notes are limited to ${MAX_NOTE} characters`);
  if (typeof input.confirmed !== 'boolean') throw new AppError('bad_request:checklist', 'confirmed must be true or false');
  return { step: input.step, scope: input.scope, namespace: input.scope === 'namespace' ? namespace : null, confirmed: input.confirmed ? 1 : 0, actor, at, note };
}

function newest(db: Kysely<Database>, scope: string, namespace: string | null, step: number) {
  let q = db.selectFrom('checklist_confirmations').select(['confirmed']).where('scope', '=', scope as 'cluster').where('step', '=', step);
  q = namespace === null ? q.where('namespace', 'is', null) : q.where('namespace', '=', namespace);
  return q.orderBy('id', 'desc').limit(1).executeTakeFirst();
}

function toConfirmation(row: Selectable<ChecklistConfirmationsTable>): ChecklistConfirmation {
  return {
    id: row.id,
    step: row.step,
    scope: row.scope,
    namespace: row.namespace ?? undefined,
    confirmed: row.confirmed === 1 || (row.confirmed as unknown) === true,
    actor: row.actor,
    at: Number(row.at),
    note: row.note ?? undefined,
  };
}
