import 'server-only';
import type { Finding } from '@/lib/findings/finding';
import { analyzeNamespace, type NamespaceAnalysis } from '@/lib/analysis/analyze-namespace';
import type { ExistingPolicySource } from '@/lib/policy/suggested-policy';
import type { FlowHub } from '../live/flow-hub';
import type { FindingStatus, Store } from '../db/store';
import type { ClusterFacts } from '@/lib/policy/cluster-facts';
import type { KubeFact } from '@/lib/checklist/checklist';
import type { Flow } from '@/lib/flow/flow';
import type { AuditAccounting } from '@/lib/findings/audit-accounting';
import { isUnselectable } from '@/lib/findings/is-unselectable';
import type { Triage } from '@/lib/triage/triage';
import { buildTriageContext, type TriageContext } from '@/lib/triage/triage-context';
import { isHeld, triageFinding } from '@/lib/triage/triage-findings';

/**
 * The one read side of findings: routes, the checklist and the export read findings, analyses and policy files
 * here. Findings come from the persistent store (the server's own ingest builds them), one namespace per query,
 * with their review status and "exported in #N"; the user's policy files per namespace are stored with them
 * (uploaded or edited, or in the demo the demo cluster's own); the recorded flows replayed are the hub's recent
 * flows of the namespace.
 */

/**
 * A finding as the API returns it: the finding, its review status, its evidence samples, its triage, and whether
 * it is held for review (high risk, not accepted: left out of the patch).
 */
export type FindingView = Finding & {
  status: FindingStatus;
  seenAgain: boolean;
  reviewedBy?: string;
  reviewedAt?: number;
  exportedIn?: { number: number; url: string };
  triage: Triage;
  held: boolean;
};

const NO_SIGNALS: Triage = { severity: 'low', score: 0, signals: [] };

/** Options of {@link AnalysisService}. */
export interface AnalysisServiceOptions {
  /** Findings, reviews, policy files and "exported in #N". */
  store: Pick<Store, 'findings' | 'exports' | 'policyFiles' | 'ingest'>;
  /** Most policy files kept per namespace. Default: 50. */
  maxPolicyFiles?: number;
  /** Cluster facts set by the user (`LOCKSTEP_ALLOW_LOCALHOST`, `LOCKSTEP_CLUSTER_NAME`), used when cilium-config cannot be read. */
  clusterFacts?: Partial<ClusterFacts>;
  /** Most policy files kept across all namespaces. Default: 500. */
  maxTotalPolicyFiles?: number;
  /** Most bytes of policy files kept across all namespaces. Default: 64 MiB. */
  maxTotalPolicyBytes?: number;
}

/** Most findings one namespace's analysis reads. */
const MAX_FINDINGS = 5_000;

export class AnalysisService {
  private readonly store: AnalysisServiceOptions['store'];
  private readonly maxPolicyFiles: number;
  private readonly configuredFacts: Partial<ClusterFacts>;
  private readCiliumConfig: (() => Promise<KubeFact<Partial<ClusterFacts>>>) | undefined;
  private readonly maxTotalPolicyFiles: number;
  private readonly maxTotalPolicyBytes: number;

  constructor(
    private readonly hub: FlowHub,
    options: AnalysisServiceOptions,
  ) {
    this.store = options.store;
    this.maxPolicyFiles = options.maxPolicyFiles ?? 50;
    this.maxTotalPolicyFiles = options.maxTotalPolicyFiles ?? 500;
    this.maxTotalPolicyBytes = options.maxTotalPolicyBytes ?? 64 * 1024 * 1024;
    const configured = options.clusterFacts ?? {};
    this.configuredFacts = configured.allowLocalhost ? { ...configured, allowLocalhostSource: 'user' } : configured;
  }

  /** Reads cilium-config's `allow-localhost` and `cluster-name` from now on (when the Kubernetes API is reachable). */
  useCiliumConfig(read: () => Promise<KubeFact<Partial<ClusterFacts>>>): void {
    this.readCiliumConfig = read;
  }

  /** The cluster facts: cilium-config when readable, else the configured ones, else Cilium's defaults. */
  async clusterFacts(): Promise<Partial<ClusterFacts>> {
    const read = await this.readCiliumConfig?.();
    if (read?.ok) return { ...read.value, clusterName: read.value.clusterName ?? this.configuredFacts.clusterName };
    return this.configuredFacts;
  }

  /**
   * The namespace's findings with their review status, samples, "exported in #N" and triage: held findings
   * first, then those no rule can select, then the rest newest first.
   */
  async list(namespace: string): Promise<FindingView[]> {
    const [findings, ctx] = await Promise.all([this.store.findings.list({ namespace, includeSamples: true, limit: MAX_FINDINGS }), this.triageContext()]);
    const exported = await this.store.exports.exportedIn(findings.map((f) => f.id));
    const views = findings.map((f): FindingView => {
      const triage = f.status === 'rejected' ? NO_SIGNALS : triageFinding(f, ctx);
      return { ...f, exportedIn: exported.get(f.id), triage, held: f.status !== 'rejected' && isHeld(triage, f.status === 'accepted') };
    });
    const rank = (f: FindingView) => (f.held ? 0 : isUnselectable(f) ? 1 : 2);
    return views.map((f, i) => [f, i] as const).sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j).map(([f]) => f);
  }

  /** Findings held for review per namespace (not rejected, high risk by triage, not accepted): open findings. */
  async heldCounts(): Promise<Map<string, number>> {
    const [findings, ctx] = await Promise.all([this.store.findings.list({ status: ['new', 'needs-info'], includeSamples: true, limit: 20_000 }), this.triageContext()]);
    const out = new Map<string, number>();
    for (const f of findings) {
      if (!isHeld(triageFinding(f, ctx), false)) continue;
      out.set(f.subject.namespace, (out.get(f.subject.namespace) ?? 0) + 1);
    }
    return out;
  }

  /** Every AUDIT verdict accounted for: the namespace's persisted tally against its findings' AUDIT flows. */
  async accounting(namespace: string): Promise<AuditAccounting> {
    const [tallies, stats] = await Promise.all([this.store.ingest.tallies(), this.store.findings.stats(namespace)]);
    const tally = tallies.find((t) => t.namespace === namespace);
    return {
      namespace,
      auditVerdicts: tally?.auditVerdicts ?? 0,
      replyVerdicts: tally?.replyVerdicts ?? 0,
      skipped: tally?.skipped ?? {},
      inFindings: stats.find((s) => s.namespace === namespace)?.auditFlows ?? 0,
    };
  }

  /**
   * What triage reads besides a finding: every namespace's findings (ports served, workload activity) and the
   * hub's recent flows of every namespace (replies, DNS answers, drops elsewhere).
   */
  private async triageContext(): Promise<TriageContext> {
    return buildTriageContext(await this.allFindings(), this.recentFlowsEverywhere());
  }

  private recentFlowsEverywhere(): Flow[] {
    const seen = new Set<string>();
    const out: Flow[] = [];
    for (const summary of this.hub.namespaceSummaries()) {
      for (const { flow } of this.hub.recentFlows(summary.name).flows) {
        if (seen.has(flow.uuid)) continue;
        seen.add(flow.uuid);
        out.push(flow);
      }
    }
    return out;
  }

  /** Every namespace's findings without samples (cluster-wide facts such as the DNS resolvers in use). */
  allFindings(): Promise<Finding[]> {
    return this.store.findings.list({ limit: 20_000 });
  }

  /** The user's policy files of a namespace, by name. */
  async policyFiles(namespace: string): Promise<ExistingPolicySource[]> {
    return (await this.store.policyFiles.list(namespace)).map((f) => ({ name: f.name, text: f.text }));
  }

  /** Adds or replaces (by name) a policy file of a namespace; `actor` goes to the audit log. */
  putPolicyFile(namespace: string, source: ExistingPolicySource, actor: string): Promise<void> {
    return this.store.policyFiles.put({
      namespace,
      name: source.name,
      text: source.text,
      actor,
      maxFiles: this.maxPolicyFiles,
      maxTotalFiles: this.maxTotalPolicyFiles,
      maxTotalBytes: this.maxTotalPolicyBytes,
    });
  }

  /** Removes a policy file; false when there was none. */
  removePolicyFile(namespace: string, name: string, actor: string): Promise<boolean> {
    return this.store.policyFiles.remove({ namespace, name, actor });
  }

  /** Stores the demo cluster's own policy files, unless a file of that name exists (the user's edit wins). */
  async seedPolicyFiles(files: readonly ExistingPolicySource[]): Promise<void> {
    for (const source of files) await this.store.policyFiles.seed({ namespace: namespaceOfFile(source), name: source.name, text: source.text, actor: 'lockstep (demo cluster)' });
  }

  /** The namespace's analysis: findings, patch (minus rejected and excluded findings), before/after replay, lints. */
  async analyze(namespace: string, options: { excluded?: ReadonlySet<string>; evidenceComments?: boolean; fqdnPatterns?: boolean; now?: number } = {}): Promise<NamespaceAnalysis> {
    const [findings, existingPolicies, accounting] = await Promise.all([this.list(namespace), this.policyFiles(namespace), this.accounting(namespace)]);
    const excluded = new Set([...(options.excluded ?? []), ...findings.filter((f) => f.status === 'rejected').map((f) => f.id)]);
    const recorded = this.hub.recentFlows(namespace).flows.map((f) => f.flow);
    const cluster = await this.clusterFacts();
    return analyzeNamespace({
      cluster,
      namespace,
      findings,
      flows: recorded,
      existingPolicies,
      excludedFindingIds: excluded,
      // Held findings (high risk) stay out of the patch until a reviewer accepts them.
      triage: new Map(findings.map((f) => [f.id, f.triage])),
      acceptedFindingIds: new Set(findings.filter((f) => f.status === 'accepted').map((f) => f.id)),
      accounting,
      evidenceComments: options.evidenceComments,
      fqdnPatterns: options.fqdnPatterns,
      lint: { now: options.now ?? Date.now() },
    });
  }
}

/** `apps/<namespace>/...` → namespace; otherwise the file's first `namespace:` value. */
function namespaceOfFile(source: ExistingPolicySource): string {
  const fromPath = /(?:^|\/)apps\/([a-z0-9-]+)\//.exec(source.name)?.[1];
  if (fromPath) return fromPath;
  return /^\s*namespace:\s*["']?([a-z0-9-]+)/m.exec(source.text)?.[1] ?? 'default';
}
