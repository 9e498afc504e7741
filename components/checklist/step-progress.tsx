import type { StepState } from '@/lib/checklist/checklist';
import { STATE_FILL } from './state-badge';

/** Eight segments, one per step, coloured by state (the text next to it says the same in words). */
export function StepProgress({ states }: { states: readonly StepState[] }) {
  const done = states.filter((s) => s === 'done').length;
  return (
    <span role="img" aria-label={`${done} of ${states.length} steps done`} className="inline-flex gap-0.5" data-testid="step-progress">
      {states.map((state, i) => (
        <span key={i} title={`Step ${i + 1}: ${state}`} data-state={state} className={`h-2.5 w-5 rounded-sm ${STATE_FILL[state]}`} />
      ))}
    </span>
  );
}
