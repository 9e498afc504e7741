import 'server-only';
import type { Finding } from '@/lib/findings/model';
import type { NamespaceAnalysis } from '@/lib/analysis/analyze-namespace';
import type { ExistingPolicySource } from '@/lib/policy/suggested-policy';
import type { AnalysisService } from './analysis-service';
import type { FindingStatus, Store } from '../db/store';


/** A finding as the API returns it: the finding, its review status, and its evidence samples. */
export type FindingView = Finding & { status: FindingStatus; seenAgain: boolean; reviewedBy?: string; reviewedAt?: number; exportedIn?: { number: number; url: string } };

/** What routes use to read findings and analyses, whatever stores them. */
export interface FindingsFacade {
  list(namespace: string): Promise<FindingView[]>;
  analyze(namespace: string, options: { excluded?: ReadonlySet<string>; evidenceComments?: boolean; fqdnPatterns?: boolean }): Promise<NamespaceAnalysis>;
  policyFiles(namespace: string): ExistingPolicySource[];
  addPolicyFile(namespace: string, source: ExistingPolicySource): void;
  removePolicyFile(namespace: string, name: string): boolean;
}

/**
 * The facade over the persistent store: findings with their review status; the patch leaves rejected findings
 * out (and whatever else the caller excludes).
 */
export function storeFindingsFacade(analysis: AnalysisService, store: Store): FindingsFacade {
  return {
    list: async (ns) => {
      const findings = await store.findings.list({ namespace: ns, includeSamples: true, limit: 5000 });
      const exported = await store.exports.exportedIn(findings.map((f) => f.id));
      return findings.map((f) => ({ ...f, exportedIn: exported.get(f.id) }));
    },
    analyze: async (ns, options) => {
      const rejected = await store.findings.list({ namespace: ns, status: ['rejected'], limit: 5000 });
      const excluded = new Set([...(options.excluded ?? []), ...rejected.map((f) => f.id)]);
      return analysis.analyze(ns, { ...options, excluded });
    },
    policyFiles: (ns) => analysis.policyFiles(ns),
    addPolicyFile: (ns, source) => analysis.addPolicyFile(ns, source),
    removePolicyFile: (ns, name) => analysis.removePolicyFile(ns, name),
  };
}
