/**
 * The vocabulary of a per-namespace audit window (issue #15): PolicyAuditMode enabled on every Cilium endpoint of
 * one namespace for a limited time, instead of the agent-wide `policy-audit-mode` that also suspends enforcement in
 * every other namespace. Plain JSON data: the same shapes are persisted and cross the API to the browser.
 */

/**
 * Where one endpoint of the window stands:
 * - `enabled`: `PolicyAuditMode=Enabled` ran in its agent and exited 0;
 * - `pending`: known, not applied yet (manual mode: waiting for a person to run the script);
 * - `unreachable`: Lockstep could not apply it (no node, no agent pod, exec failed): `reason` says why;
 * - `disabled`: the window closed and `PolicyAuditMode=Disabled` ran.
 */
export type WindowEndpointState = 'enabled' | 'pending' | 'unreachable' | 'disabled';

/** One Cilium endpoint (one pod) of the namespace. */
export interface WindowEndpoint {
  pod: string;
  /** The endpoint id on its node (`CiliumEndpoint.status.id`). */
  endpointId: number;
  /** `spec.nodeName` of the pod; undefined when not scheduled. */
  node: string | undefined;
  /** The `k8s-app=cilium` pod on that node; undefined when none runs there. */
  agentPod: string | undefined;
  state: WindowEndpointState;
  /** Why it is unreachable (the exec error, "no Cilium agent on node-2", ...). */
  reason?: string;
  /** When PolicyAuditMode was enabled on it (epoch ms). */
  enabledAt?: number;
}

/** How the window is applied: by Lockstep through the exec API, or by a person running the printed script. */
export type WindowMode = 'exec' | 'manual';

/** Why a window closed. `enforce`: the team marked step 7 (policies enforce). */
export type WindowCloseReason = 'closed' | 'expired' | 'enforce';

/** The outcome of the last reconcile: what Lockstep compared and applied. */
export interface WindowReconcile {
  at: number;
  /** False when the endpoints could not even be listed (`message` says why). */
  ok: boolean;
  message?: string;
  enabled: number;
  dropped: number;
}

/** The scripts of a manual window, and who confirmed running them. */
export interface ManualWindow {
  enableScript: string;
  disableScript: string;
  /** Why Lockstep does not run them itself (no permission, Kubernetes API not configured). */
  reason: string;
  confirmedBy?: string;
  confirmedAt?: number;
  revertConfirmedBy?: string;
  revertConfirmedAt?: number;
}

/** A window, open or closed. Times are epoch ms. */
export interface AuditWindow {
  id: number;
  namespace: string;
  mode: WindowMode;
  openedAt: number;
  openedBy: string;
  /** When it closes by itself. Default: 48 h after opening. */
  closesAt: number;
  closedAt?: number;
  closedBy?: string;
  closeReason?: WindowCloseReason;
  endpoints: WindowEndpoint[];
  lastReconcile?: WindowReconcile;
  manual?: ManualWindow;
}

/** Whether the window is still open. */
export function isWindowOpen(window: Pick<AuditWindow, 'closedAt'>): boolean {
  return window.closedAt === undefined;
}

/** `covered / total`: endpoints with PolicyAuditMode enabled, out of the namespace's endpoints in the window. */
export function windowCoverage(window: Pick<AuditWindow, 'endpoints'>): { covered: number; total: number } {
  return { covered: window.endpoints.filter((e) => e.state === 'enabled').length, total: window.endpoints.length };
}
