import 'server-only';

/** One successful export: the pull request and the findings it carries. */
export interface ExportRecord {
  /** `namespace:<ns>` or `cluster:default-deny`. */
  target: string;
  number: number;
  url: string;
  branch: string;
  /** Accepted findings in the pull request (empty for the cluster-wide policy). */
  findingIds: string[];
  /** Who exported, and when (ms). */
  actor: string;
  at: number;
}

/**
 * Where "exported in #N" is remembered. The export module only needs these calls; the store (issue 5) backs them
 * with a table, see the report: `finding_exports(finding_id, target, pr_number, pr_url, branch, actor, at)` and
 * one audit-log entry per export.
 */
export interface ExportRecords {
  /** Records that `findingIds` went out in a pull request (again: the newest record wins). */
  recordExport(findingIds: readonly string[], pr: Omit<ExportRecord, 'findingIds'>): Promise<void>;
  /** The newest export of a target. */
  latest(target: string): Promise<ExportRecord | undefined>;
  /** The newest pull request of each finding that went out in one. */
  exportedIn(findingIds: readonly string[]): Promise<Map<string, { number: number; url: string }>>;
}

/** In-memory records (until the store backs them): bounded, newest first. */
export function memoryExportRecords(maxRecords = 1_000): ExportRecords {
  const records: ExportRecord[] = [];
  return {
    async recordExport(findingIds, pr) {
      records.unshift({ ...pr, findingIds: [...findingIds].sort() });
      records.length = Math.min(records.length, maxRecords);
    },
    async latest(target) {
      return records.find((r) => r.target === target);
    },
    async exportedIn(findingIds) {
      const out = new Map<string, { number: number; url: string }>();
      for (const id of findingIds) {
        const record = records.find((r) => r.findingIds.includes(id));
        if (record) out.set(id, { number: record.number, url: record.url });
      }
      return out;
    },
  };
}
