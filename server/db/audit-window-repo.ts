import 'server-only';
import type { Kysely, Selectable } from 'kysely';
import type { AuditWindow, ManualWindow, WindowCloseReason, WindowEndpoint, WindowMode, WindowReconcile } from '@/lib/rollout/audit-window/audit-window';
import { AppError, parseNamespace } from '../errors';
import type { AuditWindowsTable, Database } from './schema';

/**
 * Persisted audit windows (issue #15), so that a window survives Lockstep's restart: on start the service reads
 * the open ones and reconciles them. Opening, closing and manual confirmations are audit-logged (who and when) in
 * the same transaction.
 */

/** Input of {@link AuditWindowRepo.open}. */
export interface OpenWindowInput {
  namespace: string;
  mode: WindowMode;
  actor: string;
  /** When it opens (the service's clock). */
  at: number;
  closesAt: number;
  endpoints: WindowEndpoint[];
  manual?: ManualWindow;
}

/** Audit window persistence. */
export interface AuditWindowRepo {
  /** Opens a window. `conflict:audit-window` when the namespace already has an open one. */
  open(input: OpenWindowInput): Promise<AuditWindow>;
  /** Records the outcome of a reconcile (endpoints and its summary). Ignored once the window is closed. */
  recordReconcile(id: number, endpoints: WindowEndpoint[], reconcile: WindowReconcile): Promise<AuditWindow | undefined>;
  /** Closes an open window. `conflict:audit-window` when it is closed already. */
  close(id: number, input: { actor: string; at: number; reason: WindowCloseReason; endpoints: WindowEndpoint[] }): Promise<AuditWindow>;
  /** A person ran the enable (`open`) or revert (`close`) script of a manual window. */
  confirmManual(id: number, input: { actor: string; at: number; which: 'open' | 'close' }): Promise<AuditWindow>;
  get(id: number): Promise<AuditWindow | undefined>;
  /** Every open window. */
  listOpen(): Promise<AuditWindow[]>;
  /** The newest window of each namespace (or of one), open or closed. */
  latest(namespace?: string): Promise<AuditWindow[]>;
}

const MAX_ACTOR = 200;

/** The repository on `audit_windows` and `audit_log`. Times come from the caller (the window service's clock). */
export function createAuditWindowRepo(db: Kysely<Database>): AuditWindowRepo {
  const get = async (id: number, trx: Kysely<Database> = db) => {
    const row = await trx.selectFrom('audit_windows').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toWindow(row);
  };
  const log = (trx: Kysely<Database>, at: number, actor: string, action: string, namespace: string, to: string | null, comment: string | null) =>
    trx.insertInto('audit_log').values({ at, actor, action, finding_id: null, namespace, from_status: null, to_status: to, comment }).execute();
  return {
    async open(input) {
      const namespace = parseNamespace(input.namespace);
      const actor = checkActor(input.actor);
      const at = input.at;
      if (!(input.closesAt > at)) throw new AppError('bad_request:audit-window', 'a window must close in the future');
      return db.transaction().execute(async (trx) => {
        const open = await trx.selectFrom('audit_windows').select('id').where('namespace', '=', namespace).where('closed_at', 'is', null).executeTakeFirst();
        if (open) throw new AppError('conflict:audit-window', `${namespace} already has an open audit window (#${open.id})`, { id: open.id });
        const { id } = await trx
          .insertInto('audit_windows')
          .values({
            namespace, mode: input.mode, opened_at: at, opened_by: actor, closes_at: input.closesAt, closed_at: null, closed_by: null, close_reason: null,
            endpoints: JSON.stringify(input.endpoints), last_reconcile: null, manual: input.manual ? JSON.stringify(input.manual) : null, updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await log(trx, at, actor, 'audit window opened', namespace, 'open', `window #${id} until ${new Date(input.closesAt).toISOString()} (${input.mode === 'exec' ? 'applied by Lockstep' : 'by hand: printed script'})`);
        return (await get(id, trx))!;
      });
    },

    async recordReconcile(id, endpoints, reconcile) {
      await db.updateTable('audit_windows').set({ endpoints: JSON.stringify(endpoints), last_reconcile: JSON.stringify(reconcile), updated_at: reconcile.at }).where('id', '=', id).where('closed_at', 'is', null).execute();
      return get(id);
    },

    async close(id, input) {
      const actor = checkActor(input.actor);
      const at = input.at;
      return db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('audit_windows')
          .set({ closed_at: at, closed_by: actor, close_reason: input.reason, endpoints: JSON.stringify(input.endpoints), updated_at: at })
          .where('id', '=', id)
          .where('closed_at', 'is', null)
          .executeTakeFirst();
        const window = await get(id, trx);
        if (!window) throw new AppError('not_found:audit-window', `no audit window #${id}`);
        if (Number(result.numUpdatedRows) === 0) throw new AppError('conflict:audit-window', `audit window #${id} is already closed`);
        await log(trx, at, actor, 'audit window closed', window.namespace, input.reason, `window #${id}`);
        return window;
      });
    },

    async confirmManual(id, { actor, at, which }) {
      const who = checkActor(actor);
      return db.transaction().execute(async (trx) => {
        const window = await get(id, trx);
        if (!window) throw new AppError('not_found:audit-window', `no audit window #${id}`);
        if (!window.manual) throw new AppError('conflict:audit-window', `audit window #${id} is applied by Lockstep: there is nothing to confirm`);
        if (which === 'open' && window.closedAt !== undefined) throw new AppError('conflict:audit-window', `audit window #${id} is closed`);
        if (which === 'close' && window.closedAt === undefined) throw new AppError('conflict:audit-window', `close audit window #${id} before confirming its revert`);
        const manual: ManualWindow = which === 'open' ? { ...window.manual, confirmedBy: who, confirmedAt: at } : { ...window.manual, revertConfirmedBy: who, revertConfirmedAt: at };
        const endpoints = window.endpoints.map((e): WindowEndpoint => (which === 'open' ? (e.state === 'pending' ? { ...e, state: 'enabled', enabledAt: at } : e) : { ...e, state: 'disabled' }));
        await trx.updateTable('audit_windows').set({ manual: JSON.stringify(manual), endpoints: JSON.stringify(endpoints), updated_at: at }).where('id', '=', id).execute();
        await log(trx, at, who, which === 'open' ? 'audit window script run' : 'audit window revert run', window.namespace, which === 'open' ? 'enabled' : 'disabled', `window #${id}, confirmed by hand`);
        return (await get(id, trx))!;
      });
    },

    get: (id) => get(id),

    async listOpen() {
      const rows = await db.selectFrom('audit_windows').selectAll().where('closed_at', 'is', null).orderBy('id').execute();
      return rows.map(toWindow);
    },

    async latest(namespace) {
      let q = db.selectFrom('audit_windows').selectAll();
      if (namespace !== undefined) q = q.where('namespace', '=', namespace);
      // A handful of windows per namespace: folding here keeps the query portable.
      const newest = new Map<string, AuditWindow>();
      for (const row of await q.orderBy('id').execute()) newest.set(row.namespace, toWindow(row));
      return [...newest.values()].sort((a, b) => (a.namespace < b.namespace ? -1 : 1));
    },
  };
}

function checkActor(actor: string): string {
  const a = actor.trim();
  if (!a || a.length > MAX_ACTOR) throw new AppError('bad_request:audit-window', `an identity (1 to ${MAX_ACTOR} characters) is required`);
  return a;
}

function parse<T>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}

function toWindow(row: Selectable<AuditWindowsTable>): AuditWindow {
  return {
    id: row.id,
    namespace: row.namespace,
    mode: row.mode === 'manual' ? 'manual' : 'exec',
    openedAt: Number(row.opened_at),
    openedBy: row.opened_by,
    closesAt: Number(row.closes_at),
    ...(row.closed_at !== null && { closedAt: Number(row.closed_at), closedBy: row.closed_by ?? undefined, closeReason: (row.close_reason ?? 'closed') as WindowCloseReason }),
    endpoints: parse<WindowEndpoint[]>(row.endpoints) ?? [],
    ...(row.last_reconcile !== null && { lastReconcile: parse<WindowReconcile>(row.last_reconcile) }),
    ...(row.manual !== null && { manual: parse<ManualWindow>(row.manual) }),
  };
}
