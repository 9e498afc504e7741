import type { Flow } from '../../flow/flow';
import type { AuditWindow } from './audit-window';

/** What the flows say about one pod of an open window. */
export interface EndpointVerdicts {
  pod: string;
  /**
   * - `audit`: AUDIT verdicts decided at this pod since audit mode was enabled on it;
   * - `not-in-audit-mode`: DROPPED with POLICY_DENIED at this pod since then: it still enforces;
   * - `no-verdicts`: nothing policy-relevant seen yet (no traffic, or no policy selects it).
   */
  status: 'audit' | 'not-in-audit-mode' | 'no-verdicts';
  audit: number;
  denied: number;
  lastAt: number | undefined;
}

/** The flows' verdict on a window. */
export interface WindowVerification {
  /** Open windows: per pod of the window. */
  endpoints: EndpointVerdicts[];
  /** Closed windows: AUDIT decided in the namespace after the close (plus the grace period): audit did not stop. */
  auditAfterClose: { flows: number; lastAt: number; pods: string[] } | undefined;
}

/** Options of {@link verifyWindow}. */
export interface VerifyWindowOptions {
  /** Time the agents take to apply a change; verdicts inside it are not held against the window. Default: 15 s. */
  graceMs?: number;
}

/** The pod of `namespace` whose policy decided the flow, if any (egress at the source, ingress at the destination). */
function decidingPod(flow: Flow, namespace: string): string | undefined {
  if (flow.isReply === true) return undefined;
  const src = flow.source.namespace === namespace ? flow.source.podName : undefined;
  const dst = flow.destination.namespace === namespace ? flow.destination.podName : undefined;
  if (flow.trafficDirection === 'EGRESS') return src || undefined;
  if (flow.trafficDirection === 'INGRESS') return dst || undefined;
  return src || dst || undefined;
}

const isDenied = (f: Flow) => f.verdict === 'DROPPED' && f.dropReason === 'POLICY_DENIED';

/**
 * Checks a window against the flows of its namespace (Hubble's recent flows). While open: each endpoint should
 * report AUDIT where it reported DROPPED; one still dropping with POLICY_DENIED after audit mode was enabled on it
 * is "not in audit mode". After closing: AUDIT from the namespace must stop. Pure; flows in any order.
 */
export function verifyWindow(window: Pick<AuditWindow, 'namespace' | 'openedAt' | 'closedAt' | 'endpoints'>, flows: readonly Flow[], options: VerifyWindowOptions = {}): WindowVerification {
  const grace = options.graceMs ?? 15_000;
  if (window.closedAt !== undefined) {
    const cutoff = window.closedAt + grace;
    const late = flows.filter((f) => f.verdict === 'AUDIT' && f.time >= cutoff && decidingPod(f, window.namespace));
    const pods = [...new Set(late.map((f) => decidingPod(f, window.namespace)!))].sort();
    return { endpoints: [], auditAfterClose: late.length ? { flows: late.length, lastAt: Math.max(...late.map((f) => f.time)), pods } : undefined };
  }
  const since = new Map(window.endpoints.map((e) => [e.pod, (e.enabledAt ?? window.openedAt) + grace]));
  const counts = new Map<string, EndpointVerdicts>(window.endpoints.map((e) => [e.pod, { pod: e.pod, status: 'no-verdicts', audit: 0, denied: 0, lastAt: undefined }]));
  for (const f of flows) {
    if (f.verdict !== 'AUDIT' && !isDenied(f)) continue;
    const pod = decidingPod(f, window.namespace);
    const entry = pod === undefined ? undefined : counts.get(pod);
    if (!entry || f.time < since.get(entry.pod)!) continue;
    if (f.verdict === 'AUDIT') entry.audit++;
    else entry.denied++;
    entry.lastAt = Math.max(entry.lastAt ?? 0, f.time);
  }
  const endpoints = [...counts.values()]
    .map((e) => ({ ...e, status: e.denied > 0 ? ('not-in-audit-mode' as const) : e.audit > 0 ? ('audit' as const) : ('no-verdicts' as const) }))
    .sort((a, b) => (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
  return { endpoints, auditAfterClose: undefined };
}
