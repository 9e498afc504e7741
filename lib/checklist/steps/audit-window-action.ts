import { formatInstant, listNames } from '../format';
import type { ChecklistInput, CopyBlock, NextAction, StepState } from '../checklist';
import { isWindowOpen } from '../../rollout/audit-window/audit-window';

/**
 * Step 3's next action when the audit window feature is on: while a window is open, what it does and how it ends
 * (with the revert script of a manual window); otherwise the window as the recommended way (agent-wide audit mode
 * stays the alternative in `fallback`). Returns `fallback` when the feature is off or cluster-wide audit is on.
 */
export function windowNextAction(input: Pick<ChecklistInput, 'auditWindow' | 'namespace' | 'enforcingNamespaces'>, state: StepState, fallback: NextAction): NextAction {
  const facts = input.auditWindow;
  if (!facts) return fallback;
  const w = facts.current?.window;
  const others = input.enforcingNamespaces.filter((n) => n !== input.namespace);
  const keep = others.length ? ` ${listNames(others)} keep enforcing.` : '';
  if (w && isWindowOpen(w)) {
    const manual: CopyBlock[] = w.manual
      ? [
          { label: 'Open the window by hand (run once, and again after pods are replaced)', copy: w.manual.enableScript, language: 'shell' },
          { label: 'Close it by hand (revert)', copy: w.manual.disableScript, language: 'shell' },
        ]
      : [];
    const text = `Audit window open for ${input.namespace} until ${formatInstant(w.closesAt)}: only its endpoints report AUDIT.${keep} ` +
      'It closes by itself when the time is up or when step 7 is marked; close it earlier below.';
    return { text, also: manual };
  }
  if (state === 'done') return fallback;
  const text = `Recommended: open an audit window for ${input.namespace} below: PolicyAuditMode on its endpoints only, for a limited time.${keep}` +
    (facts.mode === 'manual' ? ` Lockstep cannot apply it itself (${facts.manualReason ?? 'no permission'}): it prints the commands to run.` : '') +
    ` The alternative: ${fallback.text}`;
  return { ...fallback, text };
}
