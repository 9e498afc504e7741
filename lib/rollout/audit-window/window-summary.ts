import { isWindowOpen, windowCoverage, type WindowCloseReason, type WindowMode } from './audit-window';
import type { AuditWindowFacts } from './window-facts';

/** A namespace's audit window in one row of the rollout overview. */
export interface WindowSummary {
  open: boolean;
  mode: WindowMode;
  openedAt: number;
  openedBy: string;
  closesAt: number;
  closedAt?: number;
  closeReason?: WindowCloseReason;
  covered: number;
  total: number;
  lastReconcileAt?: number;
  /** Endpoints Lockstep could not reach, with the reason. */
  unreachable: { pod: string; reason: string }[];
  /** Pods still dropping with POLICY_DENIED while the window is open. */
  notInAuditMode: string[];
  /** AUDIT flows seen after the window closed (audit did not stop). */
  auditAfterClose?: number;
}

/** The overview row's summary of a namespace's newest window; undefined without one. */
export function windowSummary(facts: AuditWindowFacts | undefined): WindowSummary | undefined {
  const current = facts?.current;
  if (!current) return undefined;
  const { window: w, verification: v } = current;
  return {
    open: isWindowOpen(w),
    mode: w.mode,
    openedAt: w.openedAt,
    openedBy: w.openedBy,
    closesAt: w.closesAt,
    ...(w.closedAt !== undefined && { closedAt: w.closedAt, closeReason: w.closeReason }),
    ...windowCoverage(w),
    ...(w.lastReconcile && { lastReconcileAt: w.lastReconcile.at }),
    unreachable: w.endpoints.filter((e) => e.state === 'unreachable').map((e) => ({ pod: e.pod, reason: e.reason ?? 'unknown' })),
    notInAuditMode: v.endpoints.filter((e) => e.status === 'not-in-audit-mode').map((e) => e.pod),
    ...(v.auditAfterClose && { auditAfterClose: v.auditAfterClose.flows }),
  };
}
