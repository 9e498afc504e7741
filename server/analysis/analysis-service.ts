import 'server-only';
import type { Flow } from '@/lib/flow/model';
import { FindingSet } from '@/lib/findings/finding-set';
import type { Finding } from '@/lib/findings/model';
import { analyzeNamespace, type NamespaceAnalysis } from '@/lib/analysis/analyze-namespace';
import type { ExistingPolicySource } from '@/lib/policy/suggested-policy';
import type { FlowHub } from '../live/flow-hub';
import { AppError } from '../errors';

/**
 * Findings and suggested patches for the live cluster. Findings are built incrementally from every flow the hub
 * sees (policy verdicts for the findings, DNS records for the resolvers); the user's existing policies per
 * namespace are those uploaded (or, in the demo, the demo cluster's own). A `findingsSource` may replace the
 * in-memory findings (the persistent store, which survives restarts).
 */

/** Options of {@link AnalysisService}. */
export interface AnalysisServiceOptions {
  /** Policies known at start (demo cluster), as files. */
  seedPolicies?: ExistingPolicySource[];
  /** Apply buffered flows every this many ms. Default: 500. */
  batchMs?: number;
  /** Most policy files kept per namespace. Default: 50. */
  maxPolicyFiles?: number;
  /**
   * Where findings come from (the persistent store). Default: an in-memory set built from the live stream, which
   * forgets everything on restart.
   */
  findingsSource?: () => Promise<Finding[]>;
}

export class AnalysisService {
  private readonly findingSet = new FindingSet();
  private pending: Flow[] = [];
  private readonly policies = new Map<string, ExistingPolicySource[]>();
  private readonly unsubscribe: () => void = () => {};
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly maxPolicyFiles: number;
  /** Where findings come from; defaults to the in-memory set built from the live stream. */
  findingsSource: () => Promise<Finding[]> = async () => {
    this.flush();
    return this.findingSet.findings();
  };

  constructor(
    private readonly hub: FlowHub,
    options: AnalysisServiceOptions = {},
  ) {
    this.maxPolicyFiles = options.maxPolicyFiles ?? 50;
    for (const source of options.seedPolicies ?? []) this.addPolicyFile(namespaceOfFile(source), source);
    if (options.findingsSource) {
      this.findingsSource = options.findingsSource;
      return;
    }
    this.unsubscribe = hub.subscribe({ namespace: '*', onFlow: (e) => this.pending.length < 200_000 && this.pending.push(e.flow) });
    this.timer = setInterval(() => this.flush(), options.batchMs ?? 500);
    this.timer.unref?.();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.findingSet.add(batch);
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

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe();
  }
}

/** `apps/<namespace>/...` → namespace; otherwise the file's first `namespace:` value. */
function namespaceOfFile(source: ExistingPolicySource): string {
  const fromPath = /(?:^|\/)apps\/([a-z0-9-]+)\//.exec(source.name)?.[1];
  if (fromPath) return fromPath;
  return /^\s*namespace:\s*["']?([a-z0-9-]+)/m.exec(source.text)?.[1] ?? 'default';
}
