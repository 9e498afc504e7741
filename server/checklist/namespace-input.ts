import 'server-only';
import type { ChecklistInput, FindingFacts, KubernetesFacts } from '@/lib/checklist/checklist';
import type { ExistingPolicySource } from '@/lib/policy/suggested-policy';
import { policyDropTimes } from '@/lib/checklist/policy-drops';
import type { ChecklistSources, ChecklistTimers } from './checklist-sources';
import type { ClusterFacts } from './gather-cluster';

const NO_FINDINGS: FindingFacts = { new: 0, accepted: 0, rejected: 0, needsInfo: 0, seenAgain: 0, held: 0 };

/** Assembles one namespace's checklist input from the shared facts and the namespace's own. */
export function namespaceInput(cluster: ClusterFacts, namespace: string, kubernetes: KubernetesFacts, policyFiles: readonly ExistingPolicySource[], sources: ChecklistSources, timers: ChecklistTimers): ChecklistInput {
  const summary = cluster.summaries.get(namespace);
  const deps = cluster.dependents.get(namespace);
  const stats = cluster.stats.get(namespace);
  return {
    namespace,
    now: cluster.now,
    quietPeriodMs: timers.quietPeriodMs,
    minObservationMs: timers.minObservationMs,
    relay: cluster.relay,
    traffic: { flows: summary?.flows ?? 0, verdicts: summary?.verdicts ?? {} },
    workloads: deps?.workloads ?? [],
    inboundPeers: deps?.inboundPeers ?? [],
    audit: { flows: stats?.auditFlows ?? 0, firstAuditAt: cluster.firstAudit[namespace], lastAuditAt: stats?.lastAuditAt },
    findings: stats
      ? { new: stats.byStatus.new, accepted: stats.byStatus.accepted, rejected: stats.byStatus.rejected, needsInfo: stats.byStatus['needs-info'], seenAgain: stats.seenAgain, held: cluster.held.get(namespace) ?? 0 }
      : NO_FINDINGS,
    policyDrops: policyDropTimes(sources.recentDrops(namespace), namespace),
    enforcingNamespaces: cluster.enforcing.filter((n) => n !== namespace),
    kubernetes,
    policyFiles,
    resolvers: cluster.resolvers.resolvers,
    resolverSource: cluster.resolvers.source,
    ranking: cluster.ranking,
    confirmations: cluster.confirmations.filter((c) => c.scope === 'cluster' || c.namespace === namespace),
    ...(cluster.auditWindows && { auditWindow: { ...cluster.auditWindows.base, ...(cluster.auditWindows.byNamespace.has(namespace) && { current: cluster.auditWindows.byNamespace.get(namespace) }) } }),
  };
}
