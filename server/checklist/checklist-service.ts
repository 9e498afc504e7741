import 'server-only';
import { buildChecklist } from '@/lib/checklist/build-checklist';
import { checklistProgress, sortProgress, type RolloutOverview } from '@/lib/checklist/checklist-progress';
import { clusterNextStep, clusterWarnings } from '@/lib/checklist/cluster-overview';
import type { KubeFact, KubernetesFacts, NamespaceChecklist, StepNumber } from '@/lib/checklist/checklist';
import { detectClusterResolvers, type ClusterResolvers } from '@/lib/policy/detect-cluster-resolvers';
import { AppError } from '../errors';
import type { ChecklistSources, ChecklistTimers } from './checklist-sources';
import { gatherClusterFacts } from './gather-cluster';
import { namespaceInput } from './namespace-input';

const RESOLVERS_TTL_MS = 60_000;

/**
 * The rollout checklist of every namespace: gathers the live, persisted and Kubernetes evidence, builds the
 * eight steps (lib/checklist), and records manual confirmations where the cluster cannot tell.
 */
export class ChecklistService {
  private resolvers: { at: number; value: Promise<ClusterResolvers> } | undefined;

  constructor(
    private readonly sources: ChecklistSources,
    private readonly timers: ChecklistTimers,
    private readonly clock: () => number = Date.now,
  ) {}

  async namespaceChecklist(namespace: string): Promise<NamespaceChecklist> {
    const now = this.clock();
    const [cluster, kubernetes, policyFiles] = await Promise.all([
      gatherClusterFacts(this.sources, () => this.clusterResolvers(now), now),
      this.sources.kubernetes.namespaceFacts(namespace),
      this.sources.policyFiles(namespace),
    ]);
    return buildChecklist(namespaceInput(cluster, namespace, kubernetes, policyFiles, this.sources, this.timers));
  }

  async overview(): Promise<RolloutOverview> {
    const now = this.clock();
    const kube = await this.clusterKubernetes();
    const cluster = await gatherClusterFacts(this.sources, () => this.clusterResolvers(now), now, kube.namespaces);
    const policyFiles = await Promise.all(cluster.ranking.map((rank) => this.sources.policyFiles(rank.namespace)));
    const lists = cluster.ranking.map((rank, i) => {
      const input = namespaceInput(cluster, rank.namespace, kube.forNamespace(rank.namespace), policyFiles[i], this.sources, this.timers);
      return { rank, input, list: buildChecklist(input) };
    });
    const rows = lists.map(({ rank, input, list }) => {
      const stats = cluster.stats.get(rank.namespace);
      const openFindings = (stats?.byStatus.new ?? 0) + (stats?.byStatus['needs-info'] ?? 0);
      return checklistProgress(list, { rank, openFindings, heldFindings: cluster.held.get(rank.namespace) ?? 0, lastAuditAt: stats?.lastAuditAt, lastPolicyDropAt: input.policyDrops.at(-1) });
    });
    const namespaces = sortProgress(rows);
    const next = clusterNextStep(
      namespaces.map((r) => ({ namespace: r.namespace, rank: r.rank, currentStep: r.currentStep, blocked: r.currentStep !== undefined && r.states[r.currentStep - 1] === 'blocked', action: r.currentAction, auditWindowOpen: r.auditWindow?.open })),
    );
    return { namespaces, clusterWarnings: clusterWarnings(lists.map((l) => l.list)), next, relay: cluster.relay, kubernetes: this.sources.kubernetes.status, generatedAt: now };
  }

  /**
   * Records a manual confirmation (or its withdrawal) of a step, for the cluster (steps 1, 3, 7, 8) or the
   * namespace (2, 4, 5, 6), and returns the updated checklist. `conflict:checklist` when the step is measured now.
   */
  async confirm(namespace: string, step: StepNumber, body: { confirmed: boolean; note?: string }, actor: string): Promise<NamespaceChecklist> {
    const current = (await this.namespaceChecklist(namespace)).steps[step - 1];
    if (!current.confirmable) {
      throw new AppError('conflict:checklist', `step ${step} is measured by Lockstep right now: it is ${current.state} and cannot be confirmed by hand`, { state: current.state });
    }
    await this.sources.store.checklist.confirm({ step, scope: current.scope, namespace, confirmed: body.confirmed, actor, note: body.note });
    return this.namespaceChecklist(namespace);
  }

  /** The cluster's DNS resolvers from every finding, cached for a minute (reading every finding is not free). */
  private clusterResolvers(now: number): Promise<ClusterResolvers> {
    if (!this.resolvers || now - this.resolvers.at >= RESOLVERS_TTL_MS) {
      const value = this.sources.allFindings().then(detectClusterResolvers, () => detectClusterResolvers([]));
      this.resolvers = { at: now, value };
    }
    return this.resolvers.value;
  }

  /** Cluster-wide reads for the overview (one list per kind, split per namespace). */
  private async clusterKubernetes(): Promise<{ namespaces: string[]; forNamespace(ns: string): KubernetesFacts }> {
    const k = this.sources.kubernetes;
    const status = k.status;
    if (!status.enabled) return { namespaces: [], forNamespace: () => ({ status: 'off', reason: status.reason }) };
    const [namespaces, auditMode, pods, policies, clusterPolicies] = await Promise.all([k.namespaces(), k.auditMode(), k.pods(), k.networkPolicies(), k.clusterwidePolicies()]);
    const only = <T extends { namespace?: string; metadata?: { namespace?: string } }>(fact: KubeFact<T[]>, ns: string): KubeFact<T[]> =>
      fact.ok ? { ok: true, value: fact.value.filter((v) => (v.namespace ?? v.metadata?.namespace) === ns) } : fact;
    return {
      namespaces: namespaces.ok ? namespaces.value : [],
      forNamespace: (ns) => ({ status: 'on', auditMode, pods: only(pods, ns), policies: only(policies, ns), clusterPolicies }),
    };
  }
}
