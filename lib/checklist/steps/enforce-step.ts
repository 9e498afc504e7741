import { formatInstant, plural } from '../format';
import { AUDIT_MODE_CHECK_COMMAND, auditModeHelmValues } from '../helm-values';
import type { ChecklistStep, ChecklistWarning, NextAction, StepState } from '../checklist';
import { auditModeReadable, confirmation, evidence, makeStep, type StepContext } from '../step-context';
import { checklistWarning } from '../warnings';
import { auditModeEvidence } from './shared-evidence';
import { isWindowOpen } from '../../rollout/audit-window/audit-window';

/**
 * Step 7, `policyAuditMode: false` (cluster):
 * - todo: policies do not enforce yet (audit mode on or unknown, or it was never on);
 * - blocked: enforcing, and a policy of this namespace DROPPED flows with POLICY_DENIED since enforcement began:
 *   a regression (error warning);
 * - in-progress: enforcing, but AUDIT verdicts arrived here after enforcement began (agents still on the old
 *   config, or per-endpoint audit mode);
 * - done: enforcing otherwise.
 * Enforcing = the ConfigMap says off after audit mode had been on, or step 7 is confirmed where it cannot be read.
 * While the namespace audits through an open audit window (and agent-wide audit mode is not on), the next action is
 * to close that window, not the Helm value.
 */
export function enforceStep(ctx: StepContext): ChecklistStep {
  const { input, phase } = ctx;
  const readable = auditModeReadable(input);
  const since = phase.enforcedSince;
  const drops = since === undefined ? [] : input.policyDrops.filter((t) => t >= since);
  const auditAfter = since !== undefined && input.audit.lastAuditAt !== undefined && input.audit.lastAuditAt > since;
  const state: StepState = !phase.enforcing ? 'todo' : drops.length > 0 ? 'blocked' : auditAfter ? 'in-progress' : 'done';
  const warnings: ChecklistWarning[] = [];
  if (drops.length > 0) {
    warnings.push(checklistWarning('enforce.policy-denied-regression', { namespace: input.namespace, flows: drops.length, since: since!, last: drops[drops.length - 1] }, 7));
  }
  if (phase.enforcing && ctx.openFindings > 0) warnings.push(checklistWarning('enforce.open-findings', { open: ctx.openFindings }, 7));
  const v = input.traffic.verdicts;
  return makeStep(7, {
    state,
    evidence: [
      auditModeEvidence(ctx),
      evidence('Enforcing since', since === undefined ? (phase.enforcing ? 'unknown' : 'not enforcing') : formatInstant(since), phase.modeSource ?? 'measured'),
      evidence('Verdicts here since Lockstep started', `FORWARDED ${v.FORWARDED ?? 0}, DROPPED ${v.DROPPED ?? 0}, AUDIT ${v.AUDIT ?? 0}`, 'measured'),
      evidence('POLICY_DENIED drops since enforcement', since === undefined ? 'not enforcing' : drops.length ? `${plural(drops.length, 'flow')}, last ${formatInstant(drops[drops.length - 1])}` : 'none', 'measured'),
    ],
    nextAction: nextAction(ctx, state),
    confirmable: !readable,
    by: readable || phase.modeSource !== 'manual' ? undefined : confirmation(ctx, 7),
    warnings,
  });
}

function nextAction(ctx: StepContext, state: StepState): NextAction {
  const rollback = { label: 'Roll back (audit mode on again)', copy: auditModeHelmValues(true), language: 'yaml' as const };
  const findings = `/namespaces/${encodeURIComponent(ctx.input.namespace)}?tab=findings`;
  const window = ctx.input.auditWindow?.current?.window;
  if (state === 'todo' && window && isWindowOpen(window) && ctx.phase.mode !== 'on') {
    // Per-namespace audit: the agent-wide switch is not what keeps this namespace from enforcing, its window is.
    const ns = ctx.input.namespace;
    return {
      text: `${ns} audits through its audit window, not the agent-wide switch. Once step 6 is done here, close the window (Checklist tab, step 3): PolicyAuditMode goes off on the endpoints of ${ns} only, and its policies enforce.`,
      href: `/namespaces/${encodeURIComponent(ns)}?tab=checklist`,
    };
  }
  if (state === 'todo') {
    return {
      text: 'Once step 6 is done in every namespace in audit, set policyAuditMode: false. Verdicts then flip from AUDIT to FORWARDED or DROPPED.',
      copy: auditModeHelmValues(false),
      language: 'yaml',
      also: [{ label: 'Check what the agents run with', copy: AUDIT_MODE_CHECK_COMMAND, language: 'shell' }],
    };
  }
  if (state === 'blocked') {
    return { text: 'Policies now drop traffic the audit window did not see. Allow it (Findings tab) or roll back at once.', copy: rollback.copy, language: 'yaml', href: findings };
  }
  if (state === 'in-progress') return { text: 'AUDIT verdicts still arrive: wait for every agent to restart (rollout status) and check the setting.', copy: AUDIT_MODE_CHECK_COMMAND, language: 'shell' };
  return { text: 'Policies enforce. If something breaks, roll back with policyAuditMode: true.', also: [rollback] };
}
