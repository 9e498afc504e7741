import 'server-only';
import { snapshot } from '@/lib/graph/windowed-graph';
import type { LockstepConfig } from '../config';
import type { AnalysisService } from '../analysis/analysis-service';
import type { Store } from '../db/store';
import type { RelayMonitor } from '../hubble/relay-monitor';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig, type LoadedKubeConfig } from '../k8s/kube-config';
import { KubernetesReader } from '../k8s/kube-reader';
import type { FlowHub } from '../live/flow-hub';
import type { GraphService } from '../live/graph-service';
import type { MetricsRegistry } from '../metrics';
import { ChecklistService } from './checklist-service';
import type { AuditWindowService } from '../k8s/audit-window/audit-window-service';

/** Live services the checklist reads. */
export interface ChecklistDeps {
  hub: FlowHub;
  graph: GraphService;
  relay: RelayMonitor;
  store: Store;
  analysis: AnalysisService;
  metrics: MetricsRegistry;
  /** Per-namespace audit windows, when on. */
  auditWindows?: AuditWindowService;
  /** Demo mode: the demo cluster's API (server/demo-relay/demo-cluster.ts), read like a real one. */
  demoKubeConfig?: KubeConfig;
}

/**
 * Wires the checklist to the live services and the Kubernetes API (off with `LOCKSTEP_KUBERNETES=off`; in demo mode
 * only the demo cluster is read, when it runs, never a real cluster; see server/k8s/kube-config.ts).
 */
export function createChecklistService(config: LockstepConfig, deps: ChecklistDeps): ChecklistService {
  const k = config.checklist.kubernetes;
  const loaded: LoadedKubeConfig =
    deps.demoKubeConfig && k.mode !== 'off' ? { ok: true, kubeConfig: deps.demoKubeConfig, source: 'the demo cluster' } : loadKubeConfig(k, { demo: !config.relay.address });
  if (loaded.ok) console.info(`[lockstep] checklist reads the Kubernetes API via ${loaded.source}`);
  const kubernetes = new KubernetesReader(loaded, { timeoutMs: k.timeoutMs, cacheMs: k.cacheMs, ciliumNamespace: k.ciliumNamespace, metrics: deps.metrics });
  if (loaded.ok) deps.analysis.useCiliumConfig(() => kubernetes.clusterFacts());
  return new ChecklistService(
    {
      relayStatus: () => deps.relay.snapshot(),
      namespaceSummaries: () => deps.hub.namespaceSummaries(),
      recentDrops: (namespace) => deps.hub.recentFlows(namespace, { verdict: 'DROPPED' }).flows.map((f) => f.flow),
      graphSnapshot: () => {
        deps.graph.flush();
        return snapshot(deps.graph.graph, 'all', Date.now());
      },
      policyFiles: (namespace) => deps.analysis.policyFiles(namespace),
      heldFindings: () => deps.analysis.heldCounts(),
      allFindings: () => deps.analysis.allFindings(),
      store: deps.store,
      kubernetes,
      ...(deps.auditWindows && { auditWindows: () => deps.auditWindows!.allFacts() }),
    },
    { quietPeriodMs: config.checklist.quietPeriodMs, minObservationMs: config.checklist.minObservationMs },
  );
}
