import type { AuditWindow, WindowCloseReason, WindowEndpoint } from './audit-window';

/** An endpoint of the namespace as the cluster shows it now (CiliumEndpoint + pod + agent pod). */
export interface EndpointTarget {
  pod: string;
  endpointId: number;
  node: string | undefined;
  agentPod: string | undefined;
}

/** What a reconcile does. */
export interface ReconcilePlan {
  /** Endpoints to run `PolicyAuditMode=Enabled` on: new pods, new endpoint ids, new agents, earlier failures. */
  enable: EndpointTarget[];
  /** Endpoints already enabled and unchanged. */
  keep: WindowEndpoint[];
  /** Endpoints of the window that no longer exist: dropped from the window. */
  dropped: WindowEndpoint[];
  /** Endpoints that cannot be reached at all (no node or no agent pod), with the reason. */
  unreachable: WindowEndpoint[];
}

/** Options of {@link planReconcile}. */
export interface PlanReconcileOptions {
  /**
   * Enable every endpoint again, even those recorded as enabled (after Lockstep restarts, an agent may have
   * restarted too; the command is idempotent). Default: false.
   */
  reapply?: boolean;
}

const key = (e: { pod: string; endpointId: number; agentPod: string | undefined }) => `${e.pod}\u0000${e.endpointId}\u0000${e.agentPod ?? ''}`;

/**
 * Compares the window's endpoints with the cluster's and decides what to apply. An endpoint is matched by pod name,
 * endpoint id and agent pod: a replaced pod, a re-created endpoint or a restarted agent is enabled again.
 * Deterministic: every list is sorted by pod name.
 */
export function planReconcile(current: readonly WindowEndpoint[], targets: readonly EndpointTarget[], options: PlanReconcileOptions = {}): ReconcilePlan {
  const enabled = new Map(current.filter((e) => e.state === 'enabled').map((e) => [key(e), e]));
  const present = new Set(targets.map((t) => t.pod));
  const plan: ReconcilePlan = { enable: [], keep: [], dropped: [], unreachable: [] };
  for (const t of [...targets].sort(byPod)) {
    if (!t.node) plan.unreachable.push({ ...t, state: 'unreachable', reason: 'the pod is not scheduled on a node' });
    else if (!t.agentPod) plan.unreachable.push({ ...t, state: 'unreachable', reason: `no Cilium agent pod runs on ${t.node}` });
    else {
      const known = enabled.get(key(t));
      if (known && !options.reapply) plan.keep.push(known);
      else plan.enable.push(t);
    }
  }
  plan.dropped = current.filter((e) => !present.has(e.pod)).sort(byPod);
  return plan;
}

function byPod(a: { pod: string }, b: { pod: string }): number {
  return a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0;
}

/**
 * Why an open window must close now, if it must: `enforce` when step 7 was confirmed after the window opened
 * (policies enforce: audit must stop), `expired` when its time is up. Undefined while it stays open.
 */
export function closeDue(window: Pick<AuditWindow, 'openedAt' | 'closesAt' | 'closedAt'>, now: number, enforceConfirmedAt?: number): Exclude<WindowCloseReason, 'closed'> | undefined {
  if (window.closedAt !== undefined) return undefined;
  if (enforceConfirmedAt !== undefined && enforceConfirmedAt >= window.openedAt) return 'enforce';
  return now >= window.closesAt ? 'expired' : undefined;
}
