import 'server-only';
import type { Kysely } from 'kysely';
import type { Database } from './schema';
import type { ExportRecord, ExportRecords } from './store';

/**
 * "Exported in #N", kept in the audit log so it is part of the same history users read: one `export` entry per
 * finding that went out in a pull request, and one `export-target` entry per export (the cluster-wide policy has
 * no findings). The pull request itself is the entry's comment (JSON); nothing here needs a table of its own.
 */
export function createExportRepo(db: Kysely<Database>): ExportRecords {
  return {
    async recordExport(findingIds, pr) {
      const comment = JSON.stringify({ target: pr.target, number: pr.number, url: pr.url, branch: pr.branch });
      const namespace = pr.target.startsWith('namespace:') ? pr.target.slice('namespace:'.length) : null;
      const base = { at: pr.at, actor: pr.actor, namespace, from_status: null, to_status: `#${pr.number}`, comment };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('audit_log').values({ ...base, action: 'export-target', finding_id: null, namespace: pr.target }).execute();
        for (const findingId of [...new Set(findingIds)].sort()) {
          await trx.insertInto('audit_log').values({ ...base, action: 'export', finding_id: findingId }).execute();
        }
      });
    },

    async latest(target): Promise<ExportRecord | undefined> {
      const row = await db.selectFrom('audit_log').selectAll().where('action', '=', 'export-target').where('namespace', '=', target).orderBy('id', 'desc').limit(1).executeTakeFirst();
      if (!row?.comment) return undefined;
      const pr = JSON.parse(row.comment) as { number: number; url: string; branch: string };
      const findings = await db.selectFrom('audit_log').select('finding_id').where('action', '=', 'export').where('at', '=', row.at).where('to_status', '=', `#${pr.number}`).execute();
      return { target, number: pr.number, url: pr.url, branch: pr.branch, actor: row.actor, at: row.at, findingIds: findings.map((f) => f.finding_id!).filter(Boolean).sort() };
    },

    async exportedIn(findingIds) {
      const out = new Map<string, { number: number; url: string }>();
      if (findingIds.length === 0) return out;
      const rows = await db.selectFrom('audit_log').select(['finding_id', 'comment']).where('action', '=', 'export').where('finding_id', 'in', [...findingIds]).orderBy('id', 'desc').execute();
      for (const row of rows) {
        if (!row.finding_id || !row.comment || out.has(row.finding_id)) continue;
        const pr = JSON.parse(row.comment) as { number: number; url: string };
        out.set(row.finding_id, { number: pr.number, url: pr.url });
      }
      return out;
    },
  };
}
