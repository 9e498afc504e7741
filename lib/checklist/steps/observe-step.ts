import { formatAgo, formatDuration, formatInstant, listNames, plural } from '../format';
import type { ChecklistStep, Evidence, EvidenceSource, StepState } from '../checklist';
import { confirmation, evidence, makeStep, type StepContext } from '../step-context';

const SINCE_LABEL: Record<EvidenceSource, string> = {
  kubernetes: 'cilium-config change',
  measured: 'first AUDIT seen here',
  manual: 'step 3 confirmed',
};

/**
 * Step 5, observation in audit mode (namespace):
 * - blocked: audit mode is on but no policy selects the namespace: nothing can be reported (§24);
 * - todo: observation has not started (audit mode not known to be on, no AUDIT seen);
 * - done: confirmed by hand once observation started, or observed for the minimum period with every workload
 *   Kubernetes knows seen active;
 * - in-progress: otherwise (too short, workloads not exercised yet, or no Kubernetes to tell and no confirmation).
 */
export function observeStep(ctx: StepContext): ChecklistStep {
  const { input, phase } = ctx;
  const since = phase.since;
  const elapsed = since === undefined ? 0 : input.now - since;
  const longEnough = since !== undefined && elapsed >= input.minObservationMs;
  const measuredDone = longEnough && ctx.inactiveWorkloads !== undefined && ctx.inactiveWorkloads.length === 0;
  const blocked = ctx.nothingSelected && phase.mode === 'on';
  const confirmable = since !== undefined && !measuredDone && !blocked;
  const by = confirmable ? confirmation(ctx, 5) : undefined;
  const state: StepState = blocked ? 'blocked' : since === undefined ? 'todo' : measuredDone || by ? 'done' : 'in-progress';
  return makeStep(5, { state, evidence: evidenceOf(ctx, elapsed), nextAction: { text: nextText(ctx, state, elapsed) }, confirmable, by });
}

function evidenceOf(ctx: StepContext, elapsed: number): Evidence[] {
  const { input, phase } = ctx;
  const active = input.workloads.map((w) => w.name);
  const observation =
    phase.since === undefined
      ? evidence('Observation in audit mode', 'not started: audit mode is not known to be on', 'measured')
      : evidence('Observation in audit mode', `${formatDuration(elapsed)} since ${formatInstant(phase.since)} (${phase.sinceLabel ?? SINCE_LABEL[phase.sinceSource ?? 'measured']}); minimum ${formatDuration(input.minObservationMs)}`, phase.sinceSource ?? 'measured');
  const inactive =
    ctx.inactiveWorkloads === undefined
      ? evidence('Not yet seen active', 'unknown without the Kubernetes API: confirm that every app was exercised', 'manual')
      : evidence('Not yet seen active', ctx.inactiveWorkloads.length ? listNames(ctx.inactiveWorkloads) : 'none: every workload had traffic', 'kubernetes');
  const { flows, lastAuditAt } = input.audit;
  return [
    observation,
    evidence('Workloads seen active', active.length ? `${active.length}: ${listNames(active)}` : 'none yet', 'measured'),
    inactive,
    evidence('AUDIT volume', flows ? `${plural(flows, 'AUDIT flow')}, last ${formatAgo(lastAuditAt ?? 0, input.now)}` : 'no AUDIT flow yet', 'measured'),
  ];
}

function nextText(ctx: StepContext, state: StepState, elapsed: number): string {
  const { input } = ctx;
  if (state === 'blocked') return `Nothing selects ${input.namespace}: ship a policy (step 3's default-deny) before observing, or audit reports nothing.`;
  if (state === 'todo') return 'Starts with audit mode (step 3).';
  if (state === 'done') return 'Observed long enough. Anything not exercised is a finding waiting to happen after step 7.';
  const left = input.minObservationMs - elapsed;
  const parts = [left > 0 ? `Keep using the apps normally: ${formatDuration(left)} to go.` : 'The minimum observation time is over.'];
  if (ctx.inactiveWorkloads?.length) parts.push(`Exercise what has not been seen yet: ${listNames(ctx.inactiveWorkloads)} (log in, schedule a job, run a backup).`);
  if (ctx.inactiveWorkloads === undefined) parts.push('Lockstep cannot list the pods: confirm here once every app was exercised.');
  return parts.join(' ');
}
