'use client';

import Link from 'next/link';
import type { ChecklistStep } from '@/lib/checklist/checklist';
import type { AuditWindowFacts } from '@/lib/rollout/audit-window/window-facts';
import { AuditWindowPanel } from './audit-window-panel';
import { DefaultDenyExport } from '../export/default-deny-export';
import { formatDateTime } from '../ui/format';
import { ConfirmStep } from './confirm-step';
import { CopyBlock } from './copy-block';
import { SourceChip, StateBadge } from './state-badge';
import { WarningList } from './warning-list';

/**
 * One step: state, evidence with its source, who confirmed it, warnings, the next action, and the confirm control;
 * step 3 also carries the namespace's audit window when that feature is on.
 */
export function ChecklistStepCard({ namespace, step, auditWindow }: { namespace: string; step: ChecklistStep; auditWindow?: AuditWindowFacts }) {
  const action = step.nextAction;
  return (
    <li data-testid="checklist-step" data-step={step.step} data-state={step.state} className={`rounded-lg border p-3 ${step.state === 'blocked' ? 'border-red-400' : 'border-slate-200'} bg-white`}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="flex h-6 w-6 items-center justify-center rounded-full bg-slate-900 text-xs font-semibold text-white">{step.step}</span>
        <h3 className="font-semibold">{step.title}</h3>
        <StateBadge state={step.state} />
        <span className="text-xs text-slate-500">{step.scope === 'cluster' ? 'cluster-wide' : 'this namespace'}</span>
      </div>
      <WarningList warnings={step.warnings} testId="step-warnings" />
      <dl className="mt-2 grid grid-cols-[minmax(10rem,max-content)_1fr] gap-x-3 gap-y-0.5 text-sm" data-testid="step-evidence">
        {step.evidence.map((e) => (
          <div key={`${e.label}:${e.value}`} className="contents" data-testid="evidence" data-source={e.source}>
            <dt className="text-slate-500">{e.label}</dt>
            <dd className="flex flex-wrap items-baseline gap-2">
              <span>{e.value}</span>
              <SourceChip source={e.source} />
            </dd>
          </div>
        ))}
      </dl>
      {step.confirmedBy && (
        <p className="mt-1 text-sm text-amber-900" data-testid="confirmed-by">
          Confirmed by <strong>{step.confirmedBy}</strong> at {formatDateTime(step.confirmedAt)}
          {step.confirmationNote && <>: {step.confirmationNote}</>}
        </p>
      )}
      <div className="mt-2 rounded bg-slate-50 p-2 text-sm" data-testid="next-action">
        <p>
          <span className="font-medium">Next: </span>
          {action.text}
          {action.href && <> <Link href={action.href} className="text-sky-700 underline">Open</Link></>}
        </p>
        {step.step === 8 && step.state !== 'done' ? (
          // Step 8's CCNP is offered only once the replay says it cuts nothing unexplained.
          <div className="mt-2"><DefaultDenyExport copy={<Copyables step={step} />} /></div>
        ) : (
          <Copyables step={step} />
        )}
        {auditWindow && <AuditWindowPanel namespace={namespace} facts={auditWindow} />}
      </div>
      <div className="mt-2">
        <ConfirmStep namespace={namespace} step={step} />
      </div>
    </li>
  );
}

/** The step's copyable blocks; folded away once the step is done (still there for reference). */
function Copyables({ step }: { step: ChecklistStep }) {
  const action = step.nextAction;
  const blocks = [
    ...(action.copy ? [<CopyBlock key="main" text={action.copy} language={action.language ?? 'yaml'} />] : []),
    ...(action.also ?? []).map((b) => <CopyBlock key={b.label} text={b.copy} language={b.language} label={b.label} />),
  ];
  if (blocks.length === 0) return null;
  if (step.state !== 'done') return <>{blocks}</>;
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs text-slate-500">Show what to copy</summary>
      {blocks}
    </details>
  );
}
