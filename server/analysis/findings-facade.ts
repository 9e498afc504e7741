import 'server-only';
import type { Finding } from '@/lib/findings/model';
import type { NamespaceAnalysis } from '@/lib/analysis/analyze-namespace';
import type { ExistingPolicySource } from '@/lib/policy/suggested-policy';
import type { AnalysisService } from './analysis-service';

/** Review status of a finding (issue 5 adds the review flow; until reviewed a finding is `new`). */
export type FindingStatus = 'new' | 'accepted' | 'rejected' | 'needs-info';

/** A finding as the API returns it: the finding, its status, and its evidence samples. */
export type FindingView = Finding & { status: FindingStatus; seenAgain: boolean };

/** What routes use to read findings and analyses, whatever stores them. */
export interface FindingsFacade {
  list(namespace: string): Promise<FindingView[]>;
  analyze(namespace: string, options: { excluded?: ReadonlySet<string>; evidenceComments?: boolean; fqdnPatterns?: boolean }): Promise<NamespaceAnalysis>;
  policyFiles(namespace: string): ExistingPolicySource[];
  addPolicyFile(namespace: string, source: ExistingPolicySource): void;
  removePolicyFile(namespace: string, name: string): boolean;
}

/** The facade over the in-memory analysis service. */
export function memoryFindingsFacade(analysis: AnalysisService): FindingsFacade {
  return {
    list: async (ns) => (await analysis.findings(ns)).map((f) => ({ ...f, status: 'new', seenAgain: false })),
    analyze: (ns, options) => analysis.analyze(ns, options),
    policyFiles: (ns) => analysis.policyFiles(ns),
    addPolicyFile: (ns, source) => analysis.addPolicyFile(ns, source),
    removePolicyFile: (ns, name) => analysis.removePolicyFile(ns, name),
  };
}
