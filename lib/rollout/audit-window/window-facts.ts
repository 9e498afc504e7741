import type { AuditWindow } from './audit-window';
import type { WindowVerification } from './verify-window';

/**
 * What the checklist knows about the audit window feature for one namespace (`ChecklistInput.auditWindow`):
 * whether it is turned on (`LOCKSTEP_AUDIT_WINDOW=enabled`), whether Lockstep applies it itself or prints a
 * script, and the namespace's newest window with the flows' verdict on it.
 */
export interface AuditWindowFacts {
  /** How a new window would be applied: `exec` (Lockstep runs the commands) or `manual` (printed script). */
  mode: 'exec' | 'manual';
  /** Why a new window would be manual (no permission, Kubernetes API not configured). */
  manualReason?: string;
  /** Default duration of a new window (ms). Default: 48 h. */
  defaultDurationMs: number;
  /** The namespace's newest window, open or closed. */
  current?: { window: AuditWindow; verification: WindowVerification };
}
