import type { EvidenceSource, StepState } from '@/lib/checklist/checklist';

const STATE: Record<StepState, { label: string; className: string; mark: string }> = {
  done: { label: 'Done', className: 'bg-green-50 text-green-800 ring-green-600/30', mark: '✓' },
  'in-progress': { label: 'In progress', className: 'bg-sky-50 text-sky-800 ring-sky-600/30', mark: '◐' },
  todo: { label: 'To do', className: 'bg-slate-100 text-slate-700 ring-slate-400/30', mark: '○' },
  blocked: { label: 'Blocked', className: 'bg-red-100 text-red-900 ring-red-600/50 font-semibold', mark: '✕' },
};

/** Colour of each state for progress bars (also used by the overview). */
export const STATE_FILL: Record<StepState, string> = { done: 'bg-green-600', 'in-progress': 'bg-sky-500', todo: 'bg-slate-200', blocked: 'bg-red-600' };

/** A step state with a mark and a word, so it reads without colour. */
export function StateBadge({ state }: { state: StepState }) {
  const s = STATE[state];
  return (
    <span data-testid="step-state" data-state={state} className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs ring-1 ring-inset ${s.className}`}>
      <span aria-hidden>{s.mark}</span>
      {s.label}
    </span>
  );
}

const SOURCE: Record<EvidenceSource, { label: string; className: string }> = {
  measured: { label: 'measured', className: 'bg-slate-100 text-slate-700' },
  kubernetes: { label: 'Kubernetes API', className: 'bg-indigo-50 text-indigo-800' },
  manual: { label: 'manual', className: 'bg-amber-50 text-amber-900' },
};

/** Where a piece of evidence came from. */
export function SourceChip({ source }: { source: EvidenceSource }) {
  return <span data-testid="evidence-source" className={`rounded px-1 text-[11px] ${SOURCE[source].className}`}>{SOURCE[source].label}</span>;
}
