import 'server-only';
import type { Finding } from '@/lib/findings/model';
import { analyzeNamespace, type NamespaceAnalysis } from '@/lib/analysis/analyze-namespace';
import type { ExistingPolicySource } from '@/lib/policy/suggested-policy';
import type { FlowHub } from '../live/flow-hub';
import { AppError } from '../errors';
import type { ClusterFacts } from '@/lib/policy/cluster-facts';
import type { KubeFact } from '@/lib/checklist/model';

/**
 * Findings and suggested patches for the live cluster. Findings come from the persistent store (the server's own
 * ingest builds them); the user's existing policies per namespace are those uploaded (or, in the demo, the demo
 * cluster's own); the recorded flows replayed are the hub's recent flows of the namespace.
 */

/** Options of {@link AnalysisService}. */
export interface AnalysisServiceOptions {
  /** Where findings come from (the persistent store). */
  findingsSource: () => Promise<Finding[]>;
  /** Policies known at start (demo cluster), as files. */
  seedPolicies?: ExistingPolicySource[];
  /** Most policy files kept per namespace. Default: 50. */
  maxPolicyFiles?: number;
  /** Cluster facts set by the user (`LOCKSTEP_ALLOW_LOCALHOST`, `LOCKSTEP_CLUSTER_NAME`), used when cilium-config cannot be read. */
  clusterFacts?: Partial<ClusterFacts>;
}

export class AnalysisService {
  private readonly policies = new Map<string, ExistingPolicySource[]>();
  private readonly maxPolicyFiles: number;
  private readonly configuredFacts: Partial<ClusterFacts>;
  private readCiliumConfig: (() => Promise<KubeFact<Partial<ClusterFacts>>>) | undefined;
  /** Every finding, from the store. */
  readonly findingsSource: () => Promise<Finding[]>;

  constructor(
    private readonly hub: FlowHub,
    options: AnalysisServiceOptions,
  ) {
    this.maxPolicyFiles = options.maxPolicyFiles ?? 50;
    this.findingsSource = options.findingsSource;
    const configured = options.clusterFacts ?? {};
    this.configuredFacts = configured.allowLocalhost ? { ...configured, allowLocalhostSource: 'user' } : configured;
    for (const source of options.seedPolicies ?? []) this.addPolicyFile(namespaceOfFile(source), source);
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

  /** Findings whose subject is in `namespace`. */
  async findings(namespace: string): Promise<Finding[]> {
    return (await this.findingsSource()).filter((f) => f.subject.namespace === namespace);
  }

  /** The user's policy files known for a namespace. */
  policyFiles(namespace: string): ExistingPolicySource[] {
    return this.policies.get(namespace) ?? [];
  }

  /** Adds or replaces (by name) a policy file of a namespace. */
  addPolicyFile(namespace: string, source: ExistingPolicySource): void {
    const files = (this.policies.get(namespace) ?? []).filter((f) => f.name !== source.name);
    if (files.length >= this.maxPolicyFiles) throw new AppError('too_large:namespace', `at most ${this.maxPolicyFiles} policy files per namespace`);
    files.push(source);
    files.sort((a, b) => a.name.localeCompare(b.name));
    this.policies.set(namespace, files);
  }

  removePolicyFile(namespace: string, name: string): boolean {
    const files = this.policies.get(namespace) ?? [];
    const kept = files.filter((f) => f.name !== name);
    this.policies.set(namespace, kept);
    return kept.length !== files.length;
  }

  /** The namespace's analysis: findings, patch (minus excluded findings), before/after replay, lints. */
  async analyze(namespace: string, options: { excluded?: ReadonlySet<string>; evidenceComments?: boolean; fqdnPatterns?: boolean; now?: number } = {}): Promise<NamespaceAnalysis> {
    const findings = await this.findings(namespace);
    const recorded = this.hub.recentFlows(namespace).flows.map((f) => f.flow);
    const cluster = await this.clusterFacts();
    return analyzeNamespace({
      cluster,
      namespace,
      findings,
      flows: recorded,
      existingPolicies: this.policyFiles(namespace),
      excludedFindingIds: options.excluded,
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
