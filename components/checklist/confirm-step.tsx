'use client';

import { useState } from 'react';
import type { ChecklistStep } from '@/lib/checklist/checklist';
import { useMe } from '../ui/use-me';
import { useConfirmStep } from './use-checklist';

/**
 * Manual confirmation of a step the cluster cannot tell (reviewers and admins): with an optional note; a
 * confirmed step can be withdrawn. Cluster-wide steps are confirmed once for every namespace.
 */
export function ConfirmStep({ namespace, step }: { namespace: string; step: ChecklistStep }) {
  const me = useMe();
  const confirm = useConfirmStep(namespace);
  const [note, setNote] = useState('');
  if (!step.confirmable) return null;
  const confirmed = step.confirmedBy !== undefined;
  const may = me.data?.role === 'reviewer' || me.data?.role === 'admin';
  if (!may) {
    return <p className="text-xs text-slate-500">{confirmed ? '' : 'Lockstep cannot measure this here: a reviewer confirms it by hand.'}</p>;
  }
  const scope = step.scope === 'cluster' ? ' for the whole cluster' : '';
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="confirm-step">
      {!confirmed && (
        <input aria-label={`Note for step ${step.step}`} value={note} onChange={(e) => setNote(e.target.value)} placeholder="Note (how you checked)" maxLength={1000} className="min-w-64 flex-1 rounded border border-slate-300 px-2 py-1 text-sm" />
      )}
      <button
        type="button"
        disabled={confirm.isPending}
        onClick={() => confirm.mutate({ step: step.step, confirmed: !confirmed, note: note.trim() || undefined }, { onSuccess: () => setNote('') })}
        className={`rounded px-2 py-1 text-sm disabled:opacity-50 ${confirmed ? 'border border-slate-300 bg-white hover:bg-slate-100' : 'bg-slate-900 font-medium text-white hover:bg-slate-700'}`}
      >
        {confirmed ? `Withdraw confirmation${scope}` : `Confirm step ${step.step}${scope}`}
      </button>
      {confirm.isError && <span role="alert" className="text-sm text-red-700">{confirm.error.message}</span>}
    </div>
  );
}
