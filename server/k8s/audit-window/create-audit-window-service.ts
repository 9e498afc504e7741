import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import type { LockstepConfig } from '../../config';
import type { Store } from '../../db/store';
import type { FlowHub } from '../../live/flow-hub';
import type { MetricsRegistry } from '../../metrics';
import { loadKubeConfig } from '../kube-config';
import { AuditWindowService } from './audit-window-service';
import { createWindowCluster } from './window-cluster';

/** What the audit window service is wired to. */
export interface AuditWindowWiring {
  hub: FlowHub;
  store: Store;
  metrics: MetricsRegistry;
  /** Demo mode: the demo cluster's API (server/demo-relay/demo-cluster.ts) instead of a real one. */
  demoKubeConfig?: KubeConfig;
}

/**
 * The audit window service, or undefined when the feature is off (`LOCKSTEP_AUDIT_WINDOW` is not `enabled`).
 * Reaches the cluster as the checklist does (in-cluster service account, else KUBECONFIG); without one, windows
 * are manual (printed scripts). Starts reconciling the open windows in the background.
 */
export function createAuditWindowService(config: LockstepConfig, wiring: AuditWindowWiring): AuditWindowService | undefined {
  if (!config.auditWindow.enabled) return undefined;
  const k = config.checklist.kubernetes;
  // On the demo relay only the demo cluster is used (never a real cluster from ~/.kube/config).
  const demo = !config.relay.address;
  const loaded = wiring.demoKubeConfig ? { ok: true as const, kubeConfig: wiring.demoKubeConfig, source: 'the demo cluster' } : loadKubeConfig(k, { demo });
  let cluster;
  let unavailableReason = loaded.ok ? undefined : loaded.reason;
  if (loaded.ok) {
    try {
      cluster = createWindowCluster(loaded.kubeConfig, { ciliumNamespace: k.ciliumNamespace, timeoutMs: Math.max(k.timeoutMs, 10_000) });
    } catch (error) {
      unavailableReason = `cannot create a Kubernetes client: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const service = new AuditWindowService({
    repo: wiring.store.auditWindows,
    cluster,
    unavailableReason,
    config: config.auditWindow,
    recentFlows: (namespace) => wiring.hub.recentFlows(namespace).flows.map((f) => f.flow).filter((f) => f.verdict === 'AUDIT' || f.verdict === 'DROPPED'),
    enforceConfirmedAt: async () => {
      const step7 = (await wiring.store.checklist.confirmations()).filter((c) => c.step === 7 && c.scope === 'cluster').at(-1);
      return step7?.confirmed ? step7.at : undefined;
    },
    metrics: wiring.metrics,
  });
  console.info(`[lockstep] audit windows on: ${cluster ? `applied through the exec API via ${loaded.ok ? loaded.source : '?'}` : `printed scripts (${unavailableReason})`}`);
  service.start().catch((error: unknown) => console.warn('[lockstep] audit window start-up reconcile failed:', error instanceof Error ? error.message : error));
  return service;
}
