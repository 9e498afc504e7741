import type { ChecklistWarning } from '@/lib/checklist/checklist';

const STYLE = {
  error: 'border-red-600 bg-red-50 text-red-900',
  warning: 'border-amber-500 bg-amber-50 text-amber-900',
  info: 'border-slate-300 bg-slate-50 text-slate-700',
} as const;

/** Warnings, loudly: errors are alerts, each with its severity spelled out. */
export function WarningList({ warnings, testId = 'checklist-warnings' }: { warnings: readonly ChecklistWarning[]; testId?: string }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="space-y-1.5" data-testid={testId}>
      {warnings.map((w) => (
        <li key={`${w.code}:${w.message}`} role={w.severity === 'error' ? 'alert' : undefined} data-code={w.code} data-severity={w.severity} className={`rounded border-l-4 px-3 py-2 text-sm ${STYLE[w.severity]}`}>
          <strong className="uppercase">{w.severity}</strong>
          {w.step !== undefined && <span> (step {w.step})</span>}: {w.message}
        </li>
      ))}
    </ul>
  );
}
