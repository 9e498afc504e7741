'use client';

import type { WindowSummary } from '@/lib/rollout/audit-window/window-summary';
import { formatDateTime } from '../ui/format';

/** A namespace's audit window in the rollout overview: open since / closes at, coverage, last reconcile, problems. */
export function AuditWindowCell({ summary }: { summary: WindowSummary | undefined }) {
  if (!summary) return <span className="text-slate-400">-</span>;
  if (!summary.open) {
    return (
      <div data-testid="rollout-audit-window" data-state="closed">
        <p>closed {formatDateTime(summary.closedAt)}</p>
        {summary.auditAfterClose !== undefined && <p className="font-semibold text-red-800">AUDIT did not stop ({summary.auditAfterClose} flows)</p>}
      </div>
    );
  }
  return (
    <div data-testid="rollout-audit-window" data-state="open">
      <p>open since {formatDateTime(summary.openedAt)}</p>
      <p>closes {formatDateTime(summary.closesAt)}</p>
      <p>{summary.covered} / {summary.total} endpoints{summary.mode === 'manual' ? ' (by hand)' : ''}</p>
      {summary.lastReconcileAt !== undefined && <p className="text-slate-500">reconciled {formatDateTime(summary.lastReconcileAt)}</p>}
      {summary.unreachable.map((u) => <p key={u.pod} className="text-red-800" title={u.reason}>{u.pod}: {u.reason.length > 60 ? `${u.reason.slice(0, 60)}…` : u.reason}</p>)}
      {summary.notInAuditMode.length > 0 && <p className="font-semibold text-red-800">not in audit mode: {summary.notInAuditMode.join(', ')}</p>}
    </div>
  );
}
