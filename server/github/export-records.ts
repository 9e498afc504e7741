import 'server-only';
import type { ExportRecords, ExportRecord } from '../db/store';

/** In-memory records for an exporter built without a store (tests): bounded, newest first. */
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
