import 'server-only';
import { analyzeNamespace } from '@/lib/analysis/analyze-namespace';
import type { Finding } from '@/lib/findings/model';
import type { FindingsFacade } from '../analysis/findings-facade';
import type { FlowHub } from '../live/flow-hub';
import type { ExportSource } from './export-targets';
import { GithubExporter } from './exporter';
import type { GithubConfig } from './github-config';
import type { ExportRecords } from '../db/store';

/** What {@link exportSourceFrom} reads: the findings facade, recorded flows, and all findings. */
export interface ExportSourceDeps {
  findings: Pick<FindingsFacade, 'list' | 'policyFiles'>;
  hub: Pick<FlowHub, 'recentFlows'>;
  /** Every namespace's findings (the analysis service's `findingsSource`). */
  allFindings: () => Promise<Finding[]>;
}

/**
 * The export's view of Lockstep's findings. The analysis runs here rather than through `FindingsFacade.analyze`
 * because the export merges into the REPOSITORY's files, not the uploaded ones; the inputs are the same
 * (the facade's findings with their review status, the namespace's recorded flows).
 */
export function exportSourceFrom(deps: ExportSourceDeps): ExportSource {
  return {
    findings: (namespace) => deps.findings.list(namespace),
    allFindings: deps.allFindings,
    policyFiles: (namespace) => deps.findings.policyFiles(namespace),
    async analyze(namespace, options) {
      const findings = await deps.findings.list(namespace);
      return analyzeNamespace({
        namespace,
        findings,
        flows: deps.hub.recentFlows(namespace).flows.map((f) => f.flow),
        existingPolicies: options.existingPolicies,
        excludedFindingIds: options.excluded,
        lint: { now: Date.now() },
      });
    },
  };
}

/**
 * The exporter of the composition root: the `github` config, the container's findings and flows, and where
 * "exported in #N" is kept (the store; in memory when none is given).
 */
export function createGithubExporter(config: GithubConfig, deps: ExportSourceDeps, records?: ExportRecords): GithubExporter {
  return new GithubExporter({ config, source: exportSourceFrom(deps), records });
}
