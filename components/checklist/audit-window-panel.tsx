'use client';

import { useState } from 'react';
import { isWindowOpen, windowCoverage, type AuditWindow } from '@/lib/rollout/audit-window/audit-window';
import type { WindowVerification } from '@/lib/rollout/audit-window/verify-window';
import type { AuditWindowFacts } from '@/lib/rollout/audit-window/window-facts';
import { formatDateTime } from '../ui/format';
import { useMe } from '../ui/use-me';
import { CopyBlock } from './copy-block';
import { useAuditWindowActions } from './use-audit-window';

const CLOSE_TEXT = { closed: 'closed by hand', expired: 'time was up', enforce: 'step 7 marked "enforce"' } as const;
const STATUS_TEXT = { audit: 'AUDIT', 'not-in-audit-mode': 'not in audit mode', 'no-verdicts': 'no verdicts yet' } as const;

/**
 * Step 3's audit window: per-namespace PolicyAuditMode for a limited time. Shows the open window (since, closes at,
 * endpoints covered, last reconcile, unreachable endpoints, what the flows say per pod) or the last closed one
 * (did AUDIT stop?), the scripts of a manual window, and the admin's open / close / "I ran it" controls.
 */
export function AuditWindowPanel({ namespace, facts }: { namespace: string; facts: AuditWindowFacts }) {
  const current = facts.current;
  const open = current && isWindowOpen(current.window);
  return (
    <div className="mt-2 rounded border border-amber-300 bg-amber-50 p-2 text-sm" data-testid="audit-window" data-state={open ? 'open' : current ? 'closed' : 'none'}>
      <p className="font-medium">Audit window for {namespace}</p>
      {current && (open ? <OpenWindow window={current.window} verification={current.verification} /> : <ClosedWindow window={current.window} verification={current.verification} />)}
      <Controls namespace={namespace} facts={facts} open={Boolean(open)} />
    </div>
  );
}

function OpenWindow({ window: w, verification }: { window: AuditWindow; verification: WindowVerification }) {
  const { covered, total } = windowCoverage(w);
  const unreachable = w.endpoints.filter((e) => e.state === 'unreachable');
  return (
    <div className="mt-1 space-y-1">
      <p data-testid="audit-window-times">
        Open since {formatDateTime(w.openedAt)} (by {w.openedBy}); closes at {formatDateTime(w.closesAt)}.{' '}
        <span data-testid="audit-window-coverage">{covered} / {total} endpoints in audit mode</span>
        {w.lastReconcile && <> · last reconcile {formatDateTime(w.lastReconcile.at)}{w.lastReconcile.ok ? '' : `: failed (${w.lastReconcile.message})`}</>}
      </p>
      {unreachable.length > 0 && (
        <ul className="text-red-800" data-testid="audit-window-unreachable">
          {unreachable.map((e) => <li key={e.pod}>{e.pod} (endpoint {e.endpointId}{e.node ? ` on ${e.node}` : ''}): {e.reason}</li>)}
        </ul>
      )}
      {verification.endpoints.length > 0 && (
        <ul className="flex flex-wrap gap-1" data-testid="audit-window-endpoints">
          {verification.endpoints.map((e) => (
            <li key={e.pod} data-status={e.status} className={`rounded px-1.5 py-0.5 text-xs ${e.status === 'audit' ? 'bg-amber-200' : e.status === 'not-in-audit-mode' ? 'bg-red-200 font-semibold' : 'bg-slate-200'}`}>
              {e.pod}: {STATUS_TEXT[e.status]}
            </li>
          ))}
        </ul>
      )}
      {w.manual && <ManualScripts window={w} which="open" />}
    </div>
  );
}

function ClosedWindow({ window: w, verification }: { window: AuditWindow; verification: WindowVerification }) {
  const late = verification.auditAfterClose;
  return (
    <div className="mt-1 space-y-1">
      <p data-testid="audit-window-times">
        Closed at {formatDateTime(w.closedAt)} ({CLOSE_TEXT[w.closeReason ?? 'closed']}{w.closedBy ? `, ${w.closedBy}` : ''}); it was open since {formatDateTime(w.openedAt)}.
      </p>
      <p data-testid="audit-window-after-close" className={late ? 'font-semibold text-red-800' : ''}>
        {late ? `AUDIT did not stop: ${late.flows} flows from ${late.pods.join(', ')} since, the last at ${formatDateTime(late.lastAt)}.` : 'No AUDIT from this namespace since it closed.'}
      </p>
      {w.manual && <ManualScripts window={w} which="close" />}
    </div>
  );
}

function ManualScripts({ window: w, which }: { window: AuditWindow; which: 'open' | 'close' }) {
  const m = w.manual!;
  const done = which === 'open' ? m.confirmedBy && `Run by ${m.confirmedBy} at ${formatDateTime(m.confirmedAt)}` : m.revertConfirmedBy && `Reverted by ${m.revertConfirmedBy} at ${formatDateTime(m.revertConfirmedAt)}`;
  return (
    <div data-testid="audit-window-manual">
      <p className="text-amber-900">Lockstep does not run these itself: {m.reason}.{done ? ` ${done}.` : ' Run it, then confirm below.'}</p>
      {which === 'open' && <CopyBlock text={m.enableScript} language="shell" label="Open the window (run by someone allowed to exec into the Cilium agents)" />}
      <CopyBlock text={m.disableScript} language="shell" label="Close it (revert)" />
    </div>
  );
}

function Controls({ namespace, facts, open }: { namespace: string; facts: AuditWindowFacts; open: boolean }) {
  const me = useMe();
  const actions = useAuditWindowActions(namespace);
  const [hours, setHours] = useState(String(facts.defaultDurationMs / 3_600_000));
  if (me.data?.role !== 'admin') return <p className="mt-1 text-xs text-slate-500">An admin opens and closes audit windows.</p>;
  const w = facts.current?.window;
  const error = actions.open.error ?? actions.close.error ?? actions.confirm.error;
  const busy = actions.open.isPending || actions.close.isPending || actions.confirm.isPending;
  const needsRun = w?.manual && (open ? !w.manual.confirmedBy : !w.manual.revertConfirmedBy);
  return (
    <div className="mt-2 flex flex-wrap items-center gap-2">
      {!open && (
        <>
          <label className="text-xs text-slate-600">
            Hours <input aria-label="Audit window hours" type="number" min={1} value={hours} onChange={(e) => setHours(e.target.value)} className="w-20 rounded border border-slate-300 px-1 py-0.5" />
          </label>
          <button type="button" disabled={busy} onClick={() => actions.open.mutate(Number(hours))} className="rounded bg-slate-900 px-2 py-1 font-medium text-white hover:bg-slate-700 disabled:opacity-50">
            Open an audit window for {namespace}
          </button>
          {facts.mode === 'manual' && <span className="text-xs text-amber-900">Lockstep will print the commands: {facts.manualReason}</span>}
        </>
      )}
      {open && (
        <button type="button" disabled={busy} onClick={() => actions.close.mutate()} className="rounded border border-slate-400 bg-white px-2 py-1 hover:bg-slate-100 disabled:opacity-50">
          Close the audit window
        </button>
      )}
      {needsRun && (
        <button type="button" disabled={busy} onClick={() => actions.confirm.mutate(open ? 'open' : 'close')} className="rounded border border-amber-500 bg-white px-2 py-1 hover:bg-amber-100 disabled:opacity-50">
          {open ? 'I ran the script' : 'I ran the revert script'}
        </button>
      )}
      {error && <span role="alert" className="text-red-700">{error.message}</span>}
    </div>
  );
}
