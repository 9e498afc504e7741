'use client';

import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '../ui/format';
import { getJson } from '../ui/fetch-json';

interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  findingId?: string;
  fromStatus?: string;
  toStatus?: string;
  comment?: string;
}

/** The namespace's audit log: every review decision and comment, who and when. */
export function AuditLog({ namespace }: { namespace: string }) {
  const log = useQuery({
    queryKey: ['audit-log', namespace],
    queryFn: async () => (await getJson<{ entries: AuditEntry[] }>(`/api/audit-log?namespace=${encodeURIComponent(namespace)}&limit=100`, 'loading the audit log')).entries,
    refetchInterval: 15_000,
  });
  return (
    <details className="rounded-lg border border-slate-200 bg-white">
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium">Audit log ({log.data?.length ?? 0})</summary>
      {log.isError && <p role="alert" className="px-3 text-sm text-red-700">{(log.error as Error).message}</p>}
      <ul className="max-h-64 overflow-auto px-3 pb-2 text-xs" data-testid="audit-log">
        {(log.data ?? []).map((e) => (
          <li key={e.id}>
            <span className="text-slate-500">{formatDateTime(e.at)}</span> <strong>{e.actor}</strong> {e.action}
            {e.findingId && <span className="font-mono"> {e.findingId}</span>}
            {e.toStatus && <> {e.fromStatus ?? '?'} → <strong>{e.toStatus}</strong></>}
            {e.comment && <>: {e.comment}</>}
          </li>
        ))}
      </ul>
    </details>
  );
}
