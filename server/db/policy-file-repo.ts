import 'server-only';
import type { Kysely } from 'kysely';
import { AppError } from '../errors';
import type { Database } from './schema';

/**
 * The user's policy files per namespace (uploaded or edited in Lockstep; the demo's own at start), kept with the
 * findings and reviews so that every replica and the next start see the same files. Every change is an audit log
 * entry (`policy-file` with who, the file name as the comment, and `added`/`changed`/`removed`), in the same
 * transaction.
 */

/** A stored policy file. */
export interface StoredPolicyFile {
  /** File path (`apps/blog/cilium-policies.yaml`): the key within the namespace. */
  name: string;
  text: string;
  updatedBy: string;
  updatedAt: number;
}

/** Policy file persistence. */
export interface PolicyFileRepo {
  /** The namespace's files, by name. */
  list(namespace: string): Promise<StoredPolicyFile[]>;
  /**
   * Adds or replaces a file (logged). `maxFiles` per namespace, and `maxTotalFiles` / `maxTotalBytes` (characters)
   * across all namespaces: `too_large:namespace` past them.
   */
  put(input: { namespace: string; name: string; text: string; actor: string; maxFiles: number; maxTotalFiles?: number; maxTotalBytes?: number }): Promise<void>;
  /** Adds the file only if the namespace has none of that name (demo seeds at start; not logged). */
  seed(input: { namespace: string; name: string; text: string; actor: string }): Promise<void>;
  /** Removes a file (logged); false when there was none. */
  remove(input: { namespace: string; name: string; actor: string }): Promise<boolean>;
}

/** The repository on the `policy_files` and `audit_log` tables. */
export function createPolicyFileRepo(db: Kysely<Database>, clock: () => number = Date.now): PolicyFileRepo {
  const log = (trx: Kysely<Database>, at: number, actor: string, namespace: string, name: string, from: string | null, to: string | null) =>
    trx.insertInto('audit_log').values({ at, actor, action: 'policy-file', finding_id: null, namespace, from_status: from, to_status: to, comment: name }).execute();
  return {
    async list(namespace) {
      const rows = await db.selectFrom('policy_files').selectAll().where('namespace', '=', namespace).orderBy('name').execute();
      return rows.map((r) => ({ name: r.name, text: r.text, updatedBy: r.updated_by, updatedAt: Number(r.updated_at) }));
    },

    async put({ namespace, name, text, actor, maxFiles, maxTotalFiles = Infinity, maxTotalBytes = Infinity }) {
      const at = clock();
      await db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('policy_files').select('name').where('namespace', '=', namespace).execute();
        const replaces = existing.some((r) => r.name === name);
        if (!replaces && existing.length >= maxFiles) throw new AppError('too_large:namespace', `at most ${maxFiles} policy files per namespace`);
        // NOTE: a bound per namespace alone is no bound: namespaces are free to name. The total is bounded too.
        const others = await trx
          .selectFrom('policy_files')
          .select((eb) => [eb.fn.countAll<number | string>().as('files'), eb.fn.sum<number | string | null>(eb.fn('length', ['text'])).as('bytes')])
          .where((eb) => eb.not(eb.and([eb('namespace', '=', namespace), eb('name', '=', name)])))
          .executeTakeFirstOrThrow();
        if (Number(others.files) + 1 > maxTotalFiles || Number(others.bytes ?? 0) + text.length > maxTotalBytes) {
          throw new AppError('too_large:namespace', `policy files are limited to ${maxTotalFiles} files and ${Math.round(maxTotalBytes / 1048576)} MiB across all namespaces; remove some first`);
        }
        if (replaces) await trx.updateTable('policy_files').set({ text, updated_by: actor, updated_at: at }).where('namespace', '=', namespace).where('name', '=', name).execute();
        else await trx.insertInto('policy_files').values({ namespace, name, text, updated_by: actor, updated_at: at }).execute();
        await log(trx, at, actor, namespace, name, replaces ? 'present' : null, replaces ? 'changed' : 'added');
      });
    },

    async seed({ namespace, name, text, actor }) {
      await db
        .insertInto('policy_files')
        .values({ namespace, name, text, updated_by: actor, updated_at: clock() })
        .onConflict((oc) => oc.columns(['namespace', 'name']).doNothing())
        .execute();
    },

    async remove({ namespace, name, actor }) {
      return db.transaction().execute(async (trx) => {
        const result = await trx.deleteFrom('policy_files').where('namespace', '=', namespace).where('name', '=', name).executeTakeFirst();
        if (Number(result.numDeletedRows) === 0) return false;
        await log(trx, clock(), actor, namespace, name, 'present', 'removed');
        return true;
      });
    },
  };
}
