'use client';

import Link from 'next/link';
import { formatDateTime } from '../ui/format';
import { ChecklistStepCard } from './checklist-step';
import { StepProgress } from './step-progress';
import { useChecklist } from './use-checklist';
import { useTrends, VerdictTrendChart } from './verdict-trend-chart';
import { WarningList } from './warning-list';

/**
 * A namespace's rollout checklist: the eight steps of the audit-mode rollout with their state, the evidence
 * behind it, who confirmed what, and the next action to copy. Warnings come first, loudly.
 */
export function ChecklistTab({ namespace }: { namespace: string }) {
  const query = useChecklist(namespace);
  if (query.isError) return <p role="alert" className="text-red-700">{query.error.message}</p>;
  if (!query.data) return <p role="status" className="text-slate-500">Gathering the evidence…</p>;
  const list = query.data;
  const done = list.steps.filter((s) => s.state === 'done').length;
  return (
    <div className="space-y-3" data-testid="checklist">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <StepProgress states={list.steps.map((s) => s.state)} />
        <span data-testid="checklist-done">{done} of 8 steps done</span>
        <span className="text-slate-500">as of {formatDateTime(list.generatedAt)}</span>
        <Link href="/rollout" className="text-sky-700 underline">All namespaces</Link>
      </div>
      <TrendPanel namespace={namespace} auditWindowOpenedAt={list.auditWindow?.current?.window.openedAt} />
      <WarningList warnings={list.warnings} />
      <ol className="space-y-3">
        {list.steps.map((step) => <ChecklistStepCard key={step.step} namespace={namespace} step={step} auditWindow={step.step === 3 ? list.auditWindow : undefined} />)}
      </ol>
    </div>
  );
}

/** Steps 5 to 7 as a picture: AUDIT per hour against the quiet period, and POLICY_DENIED drops after enforcement. */
function TrendPanel({ namespace, auditWindowOpenedAt }: { namespace: string; auditWindowOpenedAt?: number }) {
  const trends = useTrends();
  if (!trends.data) return null;
  return (
    <section aria-label="AUDIT and policy drops per hour" className="rounded-lg border border-slate-200 bg-white p-2">
      <VerdictTrendChart trends={trends.data} namespace={namespace} auditWindowOpenedAt={auditWindowOpenedAt} />
    </section>
  );
}
