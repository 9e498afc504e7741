import 'server-only';
import type { Flow } from '@/lib/flow/flow';
import type { Finding } from '@/lib/findings/finding';
import type { GraphSnapshot } from '@/lib/graph/graph';
import type { NamespaceSummary, RelayStatus } from '@/lib/live/types';
import type { ExistingPolicySource } from '@/lib/policy/suggested-policy';
import type { Store } from '../db/store';
import type { KubernetesReader } from '../k8s/kube-reader';
import type { AuditWindowFacts } from '@/lib/rollout/audit-window/window-facts';

/**
 * What the checklist service reads, as narrow functions: the composition root wires them to the live services,
 * tests to fixtures. Nothing here writes, except `store.checklist.confirm`.
 */
export interface ChecklistSources {
  /** `RelayMonitor.snapshot()`. */
  relayStatus(): RelayStatus;
  /** `FlowHub.namespaceSummaries()`: verdict counters per namespace since start. */
  namespaceSummaries(): NamespaceSummary[];
  /** Recent DROPPED flows touching a namespace (`FlowHub.recentFlows`). */
  recentDrops(namespace: string): Flow[];
  /** The whole service map since start (every namespace). */
  graphSnapshot(): GraphSnapshot;
  /** The namespace's policy files known to Lockstep (`AnalysisService.policyFiles`, from the store). */
  policyFiles(namespace: string): Promise<ExistingPolicySource[]>;
  /** Findings held for review (triage: high risk, not accepted) per namespace (`AnalysisService.heldCounts`). */
  heldFindings(): Promise<Map<string, number>>;
  /** Every finding (for the DNS resolvers of the step-3 CNP and the step-8 CCNP). */
  allFindings(): Promise<Finding[]>;
  store: Pick<Store, 'findings' | 'checklist'>;
  kubernetes: KubernetesReader;
  /** Every namespace's newest audit window (server/k8s/audit-window); absent when the feature is off. */
  auditWindows?(): Promise<{ base: Omit<AuditWindowFacts, 'current'>; byNamespace: Map<string, NonNullable<AuditWindowFacts['current']>> }>;
}

/** Timers of the checklist (from `LOCKSTEP_QUIET_PERIOD_HOURS`, `LOCKSTEP_OBSERVATION_HOURS`). */
export interface ChecklistTimers {
  quietPeriodMs: number;
  minObservationMs: number;
}
