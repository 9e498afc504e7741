import type { ChecklistInput, EvidenceSource, StepConfirmation, StepNumber } from './checklist';

/** Where the rollout stands with `policy-audit-mode`, and how Lockstep knows. */
export interface AuditPhase {
  /** `on` / `off` when the cluster (or a person) said so; `unknown` otherwise. */
  mode: 'on' | 'off' | 'unknown';
  /** Who said: the ConfigMap, a confirmation, or nobody. */
  modeSource: EvidenceSource | undefined;
  /** Audit mode has been on at some point (AUDIT seen in the namespace, or step 3 confirmed). */
  everAudited: boolean;
  /** When observation began: the ConfigMap change, else the first AUDIT, else step 3's confirmation. */
  since: number | undefined;
  sinceSource: EvidenceSource | undefined;
  /** What `since` is, when not what `sinceSource` implies (e.g. "audit window opened"). */
  sinceLabel?: string;
  /** Audit mode went off after having been on: policies enforce. */
  enforcing: boolean;
  /** When enforcement began, when known (the ConfigMap change, else step 7's confirmation). */
  enforcedSince: number | undefined;
}

/** The newest positive confirmation of a step, if any (a withdrawn one is no confirmation). */
export function confirmationOf(confirmations: readonly StepConfirmation[], step: StepNumber): StepConfirmation | undefined {
  let newest: StepConfirmation | undefined;
  for (const c of confirmations) if (c.step === step && (!newest || c.at >= newest.at)) newest = c;
  return newest?.confirmed ? newest : undefined;
}

/**
 * Derives the audit phase. Rules, in order:
 * 1. The ConfigMap is readable: `policy-audit-mode` decides `mode`. Audit observation starts at the ConfigMap's
 *    change time when the mode is on, else at the first AUDIT seen, else at step 3's confirmation. Off after
 *    having been on (AUDIT seen or step 3 confirmed) means enforcing, since the change time when that is later
 *    than the first AUDIT, else since step 7's confirmation, else unknown.
 * 2. Otherwise the confirmations decide: step 7 confirmed → off and enforcing since then; step 3 confirmed → on.
 * 3. Otherwise the mode is unknown; observation starts at the first AUDIT seen, if any.
 * A per-namespace audit window (lib/rollout/audit-window) starts the namespace's observation when it opens, unless
 * the ConfigMap says cluster-wide audit mode is on. While it is open the namespace does not enforce (whatever the
 * ConfigMap says); once it closed, it enforces since the close unless the ConfigMap or step 7 say otherwise.
 */
export function auditPhaseOf(input: Pick<ChecklistInput, 'kubernetes' | 'audit' | 'confirmations' | 'auditWindow'>): AuditPhase {
  const step3 = confirmationOf(input.confirmations, 3);
  const step7 = confirmationOf(input.confirmations, 7);
  const firstAudit = input.audit.firstAuditAt;
  const everAudited = firstAudit !== undefined || step3 !== undefined;
  const window = input.auditWindow?.current?.window;
  const observed = window
    ? { since: window.openedAt, sinceSource: window.mode === 'exec' ? ('kubernetes' as const) : ('manual' as const), sinceLabel: 'audit window opened' }
    : firstAudit !== undefined ? { since: firstAudit, sinceSource: 'measured' as const } : step3 ? { since: step3.at, sinceSource: 'manual' as const } : { since: undefined, sinceSource: undefined };
  const kube = input.kubernetes.status === 'on' && input.kubernetes.auditMode.ok ? input.kubernetes.auditMode.value : undefined;
  const windowOpen = window !== undefined && window.closedAt === undefined;
  if (kube && !kube.enabled && window) {
    return windowOpen
      ? { mode: 'off', modeSource: 'kubernetes', everAudited: true, ...observed, enforcing: false, enforcedSince: undefined }
      : { mode: 'off', modeSource: 'kubernetes', everAudited: true, ...observed, enforcing: true, enforcedSince: window.closedAt };
  }
  if (!kube && window && !step7 && !step3) {
    return { mode: 'unknown', modeSource: undefined, everAudited: true, ...observed, enforcing: !windowOpen, enforcedSince: windowOpen ? undefined : window.closedAt };
  }
  if (kube) {
    if (kube.enabled) {
      const since = kube.changedAt !== undefined ? { since: kube.changedAt, sinceSource: 'kubernetes' as const, sinceLabel: undefined } : observed;
      return { mode: 'on', modeSource: 'kubernetes', everAudited: true, ...since, enforcing: false, enforcedSince: undefined };
    }
    const changeAfterAudit = kube.changedAt !== undefined && kube.changedAt >= (firstAudit ?? step3?.at ?? Infinity);
    const enforcedSince = everAudited ? (changeAfterAudit ? kube.changedAt : step7?.at) : undefined;
    return { mode: 'off', modeSource: 'kubernetes', everAudited, ...observed, enforcing: everAudited, enforcedSince };
  }
  if (step7) return { mode: 'off', modeSource: 'manual', everAudited: true, ...observed, enforcing: true, enforcedSince: step7.at };
  if (step3) return { mode: 'on', modeSource: 'manual', everAudited: true, ...observed, enforcing: false, enforcedSince: undefined };
  return { mode: 'unknown', modeSource: undefined, everAudited, ...observed, enforcing: false, enforcedSince: undefined };
}
