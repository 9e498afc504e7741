import type { ChecklistWarning, NamespaceChecklist, StepNumber, WarningCode } from './checklist';
import { STEP_INFO } from './step-info';
import { sortWarnings } from './warnings';

/**
 * The cluster-wide parts of the rollout overview: warnings about the whole cluster shown once (not on every row),
 * and the one thing to do next.
 */

/** Warnings about the whole cluster: the same fact whichever namespace's checklist reports it. */
export const CLUSTER_WARNING_CODES: ReadonlySet<WarningCode> = new Set<WarningCode>([
  'audit.cluster-wide-stops-enforcement',
  'ccnp.dns-not-in-same-resource',
  'relay.not-streaming',
  'kubernetes.unreachable',
]);

/** True for a warning about the whole cluster (shown once, in the overview's banner). */
export function isClusterWarning(warning: ChecklistWarning): boolean {
  return CLUSTER_WARNING_CODES.has(warning.code);
}

/**
 * The cluster-wide warnings of every checklist, once each (same code and message), errors first. Info is left
 * out, as on the rows. NOTE: `audit.cluster-wide-stops-enforcement` names the OTHER enforcing namespaces, so an
 * enforcing namespace's own copy differs; the copy naming the most namespaces is kept.
 */
export function clusterWarnings(checklists: readonly NamespaceChecklist[]): ChecklistWarning[] {
  const byCode = new Map<string, ChecklistWarning[]>();
  for (const w of checklists.flatMap((c) => c.warnings)) {
    if (!isClusterWarning(w) || w.severity === 'info') continue;
    byCode.set(w.code, [...(byCode.get(w.code) ?? []), w]);
  }
  const kept = [...byCode.entries()].flatMap(([code, list]) => {
    if (code !== 'audit.cluster-wide-stops-enforcement') return list;
    return [list.reduce((a, b) => (b.message.length > a.message.length ? b : a))];
  });
  return sortWarnings(kept.map(({ step: _step, ...w }) => w));
}

/** A row as {@link clusterNextStep} reads it. */
export interface NextStepCandidate {
  namespace: string;
  rank: number | undefined;
  currentStep: StepNumber | undefined;
  /** True when the current step is blocked (a regression, nothing selected). */
  blocked: boolean;
  /** The current step's next action, in words. */
  action: string | undefined;
  /** True when the namespace audits through its own open audit window: enforcing it (step 7) is closing that window. */
  auditWindowOpen?: boolean;
}

/** The one thing to do next for the whole cluster. */
export interface ClusterNextStep {
  namespace: string;
  step: StepNumber;
  title: string;
  scope: 'cluster' | 'namespace';
  blocked: boolean;
  action: string | undefined;
}

/**
 * What to do next in the cluster. A blocked step first (a regression must not wait); then step 1, which everything
 * waits for; then the namespace furthest along among those under way (steps 3-7: the method takes one namespace
 * through before starting the next, and where audit mode is on in some namespaces and not in others it is on
 * through audit windows, so step 3 starts one namespace rather than gating the rest); then picking the next
 * namespace (step 2, lowest stakes first, step 2's ranking); the cluster-wide default deny (step 8) last, once no
 * namespace is left behind it. Ties go to the lowest stakes. Undefined when every namespace is done.
 */
export function clusterNextStep(rows: readonly NextStepCandidate[]): ClusterNextStep | undefined {
  const open = rows.filter((r): r is NextStepCandidate & { currentStep: StepNumber } => r.currentStep !== undefined);
  const best = [...open].sort(
    (a, b) =>
      Number(b.blocked) - Number(a.blocked) ||
      urgency(a.currentStep) - urgency(b.currentStep) ||
      (a.rank ?? Infinity) - (b.rank ?? Infinity),
  )[0];
  if (!best) return undefined;
  const info = STEP_INFO[best.currentStep];
  const scope = best.currentStep === 7 && best.auditWindowOpen ? 'namespace' : info.scope;
  return { namespace: best.namespace, step: best.currentStep, title: info.title, scope, blocked: best.blocked, action: best.action };
}

/** Lower comes first: 1, then 7 down to 3 (finish what is under way), then 2, then 8. */
function urgency(step: StepNumber): number {
  if (step >= 3 && step <= 7) return 10 - step;
  return step === 1 ? 0 : step === 2 ? 20 : 30;
}
