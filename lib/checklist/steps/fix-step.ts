import { formatAgo, formatDuration, plural } from '../format';
import type { ChecklistStep, StepState } from '../checklist';
import { evidence, makeStep, type StepContext } from '../step-context';
import { checklistWarning } from '../warnings';

/**
 * Step 6, fix every hole (namespace), measured from the findings and the AUDIT timer:
 * - blocked: audit mode is on but no policy selects the namespace: the quiet is meaningless (§24);
 * - todo: nothing to fix and no observation started;
 * - done: no open finding (new or needs-info; findings held for review are open until a reviewer accepts or rejects
 *   them), no rejected finding seen again, and no new AUDIT for the quiet
 *   period (counted from the last AUDIT, or from the start of observation when there never was one);
 * - in-progress: otherwise.
 * An accepted finding whose patch is not shipped keeps producing AUDIT, so the quiet period waits for the ship.
 */
export function fixStep(ctx: StepContext): ChecklistStep {
  const { input, phase } = ctx;
  const f = input.findings;
  const quietFrom = input.audit.lastAuditAt ?? phase.since;
  const quietFor = quietFrom === undefined ? 0 : input.now - quietFrom;
  const quiet = quietFrom !== undefined && quietFor >= input.quietPeriodMs;
  const blocked = ctx.nothingSelected && phase.mode === 'on';
  const state: StepState = blocked
    ? 'blocked'
    : ctx.openFindings === 0 && f.seenAgain === 0 && quiet
      ? 'done'
      : quietFrom === undefined && ctx.openFindings === 0
        ? 'todo'
        : 'in-progress';
  const timer =
    quietFrom === undefined
      ? 'not started'
      : quiet
        ? `met: no new AUDIT for ${formatDuration(quietFor)} (period ${formatDuration(input.quietPeriodMs)})`
        : `${formatDuration(quietFor)} of ${formatDuration(input.quietPeriodMs)} without a new AUDIT`;
  return makeStep(6, {
    state,
    evidence: [
      evidence('Open findings', `${ctx.openFindings} (new ${f.new}, needs-info ${f.needsInfo})`, 'measured'),
      evidence('Held for review', f.held > 0 ? `${f.held} held for review: high risk by triage, out of the patch until a reviewer decides` : 'none', 'measured'),
      evidence('Decided', `accepted ${f.accepted}, rejected ${f.rejected}`, 'measured'),
      evidence('Rejected but seen again', String(f.seenAgain), 'measured'),
      evidence('Last AUDIT', input.audit.lastAuditAt ? formatAgo(input.audit.lastAuditAt, input.now) : 'none', 'measured'),
      evidence('Quiet period', timer, 'measured'),
    ],
    nextAction: { text: nextText(ctx, state, quietFor), href: `/namespaces/${encodeURIComponent(input.namespace)}?tab=findings` },
    confirmable: false,
    warnings: f.seenAgain > 0 ? [checklistWarning('findings.seen-again', { count: f.seenAgain }, 6)] : [],
  });
}

function nextText(ctx: StepContext, state: StepState, quietFor: number): string {
  const { input } = ctx;
  if (state === 'blocked') return `Nothing selects ${input.namespace}, so no AUDIT can arrive: the quiet proves nothing yet.`;
  if (state === 'done') return 'Quiet: every hole is fixed. Step 7 can follow once every namespace in audit is quiet.';
  const parts: string[] = [];
  if (input.findings.held > 0) parts.push(`Decide the ${input.findings.held} held for review first: they look like intrusions (Findings tab, Held for review).`);
  if (ctx.openFindings > 0) parts.push(`Review ${plural(ctx.openFindings, 'open finding')}: accept what must be allowed (it goes into the patch), reject what should stop.`);
  const waiting = state === 'in-progress' && quietFor < input.quietPeriodMs;
  if (waiting && input.findings.accepted > 0) parts.push('Ship the accepted patch (Findings tab): until it is applied, those flows keep reporting AUDIT.');
  if (waiting) parts.push(`Quiet period: ${formatDuration(Math.max(0, input.quietPeriodMs - quietFor))} to go without a new AUDIT.`);
  if (state === 'todo') parts.push('Starts once audit mode reports (steps 3 to 5).');
  return parts.join(' ');
}
