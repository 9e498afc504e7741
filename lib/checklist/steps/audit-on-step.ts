import { formatAgo, formatInstant, listNames, plural } from '../format';
import { AUDIT_MODE_CHECK_COMMAND, auditModeHelmValues } from '../helm-values';
import type { ChecklistStep, ChecklistWarning, CopyBlock, Evidence, NextAction, StepState } from '../checklist';
import { namespaceDefaultDenyYaml } from '../namespace-default-deny';
import { auditModeReadable, confirmation, evidence, kubeUnavailable, makeStep, type StepContext } from '../step-context';
import { checklistWarning } from '../warnings';
import { auditModeEvidence, selectionEvidence } from './shared-evidence';
import { windowEvidence, windowWarnings } from './audit-window-evidence';
import { windowNextAction } from './audit-window-action';
import { isWindowOpen } from '../../rollout/audit-window/audit-window';

/**
 * Step 3, `policyAuditMode: true` (cluster):
 * - done: audit mode is on (the ConfigMap says so, or step 3 is confirmed where it cannot be read), or it was on
 *   and is off again (step 7 reached);
 * - in-progress: not done, but AUDIT verdicts appear in this namespace (audit is on somewhere: confirm it
 *   cluster-wide, or per-endpoint audit is in use);
 * - todo: otherwise.
 * - done also while an audit window is open for the namespace (per-endpoint PolicyAuditMode, lib/rollout/audit-window).
 * Warnings: no policy selects the namespace (§24); other namespaces enforce and would stop (§25), unless a window
 * audits just this namespace; the window's own (endpoints not in audit mode, unreachable, AUDIT after closing).
 */
export function auditOnStep(ctx: StepContext): ChecklistStep {
  const { input, phase } = ctx;
  const readable = auditModeReadable(input);
  const by = readable ? undefined : confirmation(ctx, 3);
  const windowOpen = input.auditWindow?.current !== undefined && isWindowOpen(input.auditWindow.current.window);
  const state: StepState = phase.mode === 'on' || phase.enforcing || windowOpen ? 'done' : input.audit.firstAuditAt !== undefined ? 'in-progress' : 'todo';
  const audit = input.audit;
  const items: Evidence[] = [
    auditModeEvidence(ctx),
    evidence('AUDIT verdicts here', audit.flows > 0 ? `${plural(audit.flows, 'flow')}, first ${formatInstant(audit.firstAuditAt ?? 0)}, last ${formatAgo(audit.lastAuditAt ?? 0, input.now)}` : 'none yet', 'measured'),
    selectionEvidence(ctx),
    ...windowEvidence(input.auditWindow, input.now),
  ];
  const action = windowNextAction(input, state, nextAction(ctx, state));
  const all = [...warnings(ctx, state, windowOpen), ...windowWarnings(input.auditWindow, input.namespace)];
  return makeStep(3, { state, evidence: items, nextAction: action, confirmable: !readable, by: phase.modeSource === 'manual' ? by : undefined, warnings: all });
}

function warnings(ctx: StepContext, state: StepState, windowOpen: boolean): ChecklistWarning[] {
  const { phase, input } = ctx;
  const out: ChecklistWarning[] = [];
  const mode = phase.mode === 'on' ? 'on' : 'planned';
  if (ctx.nothingSelected && !phase.enforcing) out.push(checklistWarning('audit.no-selecting-policy', { namespace: input.namespace, mode }, 3));
  const others = input.enforcingNamespaces.filter((n) => n !== input.namespace);
  if (others.length > 0 && !phase.enforcing && (phase.mode === 'on' || (state !== 'done' && !windowOpen))) {
    out.push(checklistWarning('audit.cluster-wide-stops-enforcement', { namespaces: others, mode }, 3));
  }
  return out;
}

function nextAction(ctx: StepContext, state: StepState): NextAction {
  const { input } = ctx;
  const needsPolicy = ctx.nothingSelected || (ctx.selection.source === 'unknown' && input.audit.flows === 0);
  const cnp: CopyBlock = { label: `Namespace default-deny for ${input.namespace} (ship it with audit mode)`, copy: namespaceDefaultDenyYaml(input.namespace, input.resolvers), language: 'yaml' };
  const check: CopyBlock = { label: 'Check what the agents run with', copy: AUDIT_MODE_CHECK_COMMAND, language: 'shell' };
  if (state === 'done') {
    const text = ctx.phase.enforcing ? 'Audit mode was on and is off again (step 7).' : 'Audit mode is on: every would-be drop shows as AUDIT. Keep the window short.';
    return needsPolicy ? { text: `${text} Nothing selects ${input.namespace} yet: ship this default-deny so audit has something to report.`, copy: cnp.copy, language: 'yaml' } : { text };
  }
  const unread = kubeUnavailable(input, input.kubernetes.status === 'on' ? input.kubernetes.auditMode : undefined);
  const others = input.enforcingNamespaces.filter((n) => n !== input.namespace);
  const text =
    'Set policyAuditMode: true in the Cilium Helm values and let the agents restart.' +
    (others.length ? ` ${listNames(others)} will stop enforcing meanwhile.` : '') +
    (unread ? ' Lockstep cannot read cilium-config: confirm here once the agents report it.' : '');
  return { text, copy: auditModeHelmValues(true), language: 'yaml', also: [...(needsPolicy ? [cnp] : []), check] };
}
