import 'server-only';
import { namespaceDependents, type NamespaceDependents } from '@/lib/checklist/namespace-dependents';
import type { NamespaceRank, RelayFacts, StepConfirmation, StepNumber } from '@/lib/checklist/checklist';
import { rankNamespaces } from '@/lib/checklist/rank-namespaces';
import type { NamespaceSummary, RelayStatus } from '@/lib/live/types';
import type { ClusterResolvers } from '@/lib/policy/detect-cluster-resolvers';
import type { ChecklistConfirmation, NamespaceFindingStats } from '../db/store';
import type { ChecklistSources } from './checklist-sources';
import type { AuditWindowFacts } from '@/lib/rollout/audit-window/window-facts';

/** The facts every namespace's checklist shares, gathered once per request. */
export interface ClusterFacts {
  now: number;
  relay: RelayFacts;
  summaries: Map<string, NamespaceSummary>;
  dependents: Map<string, NamespaceDependents>;
  stats: Map<string, NamespaceFindingStats>;
  /** Findings held for review per namespace (counted among the open ones). */
  held: Map<string, number>;
  firstAudit: Record<string, number>;
  confirmations: StepConfirmation[];
  ranking: NamespaceRank[];
  /** Namespaces where Lockstep saw policy drops (persisted findings): they enforce. */
  enforcing: string[];
  resolvers: ClusterResolvers;
  /** Audit windows, when the feature is on: shared facts plus each namespace's newest window. */
  auditWindows: { base: Omit<AuditWindowFacts, 'current'>; byNamespace: Map<string, NonNullable<AuditWindowFacts['current']>> } | undefined;
}

/** The relay status as checklist evidence. */
export function toRelayFacts(status: RelayStatus): RelayFacts {
  const e = status.lastError;
  return {
    state: status.state,
    address: status.address,
    demo: status.demo,
    version: status.version,
    connectedNodes: status.numConnectedNodes,
    unavailableNodes: status.numUnavailableNodes,
    flowsReceived: status.flowsIngested,
    flowsPerSecond: status.ingestRate,
    lastError: e ? `${e.code}: ${e.message}${e.hint ? ` ${e.hint}` : ''}` : undefined,
  };
}

/** Stored confirmations in the lib's vocabulary. */
export function toStepConfirmations(rows: readonly ChecklistConfirmation[]): StepConfirmation[] {
  return rows.map((r) => ({ step: r.step as StepNumber, scope: r.scope, namespace: r.namespace, confirmed: r.confirmed, actor: r.actor, at: r.at, note: r.note }));
}

/** Gathers the shared facts; `extraNamespaces` (e.g. from Kubernetes) join the ranking. */
export async function gatherClusterFacts(sources: ChecklistSources, resolvers: () => Promise<ClusterResolvers>, now: number, extraNamespaces: readonly string[] = []): Promise<ClusterFacts> {
  const [statsList, held, firstAudit, confirmations, resolved, auditWindows] = await Promise.all([
    sources.store.findings.stats(),
    sources.heldFindings(),
    sources.store.checklist.firstAuditSeen(),
    sources.store.checklist.confirmations(),
    resolvers(),
    sources.auditWindows?.(),
  ]);
  const summaries = new Map(sources.namespaceSummaries().map((s) => [s.name, s]));
  const dependents = namespaceDependents(sources.graphSnapshot());
  const stats = new Map(statsList.map((s) => [s.namespace, s]));
  const names = new Set([...summaries.keys(), ...dependents.keys(), ...stats.keys(), ...extraNamespaces].filter(Boolean));
  const ranking = rankNamespaces(
    [...names].map((namespace) => ({
      namespace,
      workloads: dependents.get(namespace)?.workloads.length ?? 0,
      inboundPeers: dependents.get(namespace)?.inboundPeers.length ?? 0,
      flows: summaries.get(namespace)?.flows ?? 0,
    })),
  );
  return {
    now,
    relay: toRelayFacts(sources.relayStatus()),
    summaries,
    dependents,
    stats,
    held,
    firstAudit,
    confirmations: toStepConfirmations(confirmations),
    ranking,
    enforcing: statsList.filter((s) => s.blockedFlows > 0).map((s) => s.namespace).sort(),
    resolvers: resolved,
    auditWindows,
  };
}
