import type { StepState } from '@/lib/checklist/checklist';
import { STEP_INFO } from '@/lib/checklist/step-info';
import { STATE_FILL } from './state-badge';

const LABELS: [StepState, string][] = [['done', 'done'], ['in-progress', 'in progress'], ['todo', 'to do'], ['blocked', 'blocked']];

/** What the progress bar's colours and segments mean. */
export function ProgressLegend() {
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600" data-testid="progress-legend">
      <span>Progress: one segment per step, 1 to 8, left to right.</span>
      {LABELS.map(([state, label]) => (
        <span key={state} className="inline-flex items-center gap-1" data-state={state}>
          <span aria-hidden className={`inline-block h-2.5 w-4 rounded-sm ${STATE_FILL[state]}`} />
          {label}
        </span>
      ))}
      <details className="basis-full">
        <summary className="cursor-pointer">The eight steps</summary>
        <ol className="ml-5 list-decimal">
          {Object.values(STEP_INFO).map((info) => <li key={info.title}>{info.title}{info.scope === 'cluster' && ' (cluster-wide)'}</li>)}
        </ol>
      </details>
    </div>
  );
}
