import 'server-only';
import type { Finding } from '@/lib/findings/model';
import { analyzeNamespace, type NamespaceAnalysis } from '@/lib/analysis/analyze-namespace';
import type { ExistingPolicySource } from '@/lib/policy/suggested-policy';
import type { FlowHub } from '../live/flow-hub';
import { AppError } from '../errors';

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
}

export class AnalysisService {
  private readonly policies = new Map<string, ExistingPolicySource[]>();
  private readonly maxPolicyFiles: number;
  /** Every finding, from the store. */
  readonly findingsSource: () => Promise<Finding[]>;

  constructor(
    private readonly hub: FlowHub,
    options: AnalysisServiceOptions,
  ) {
    this.maxPolicyFiles = options.maxPolicyFiles ?? 50;
    this.findingsSource = options.findingsSource;
    for (const source of options.seedPolicies ?? []) this.addPolicyFile(namespaceOfFile(source), source);
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
    return analyzeNamespace({
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
