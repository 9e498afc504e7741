import 'server-only';
import { analyzeNamespace } from '@/lib/analysis/analyze-namespace';
import type { AnalysisService } from '../analysis/analysis-service';
import type { FlowHub } from '../live/flow-hub';
import type { ExportSource } from './export-targets';
import { GithubExporter } from './exporter';
import type { GithubConfig } from './github-config';
import type { ExportRecords } from '../db/store';

/** What {@link exportSourceFrom} reads: the findings service and recorded flows. */
export interface ExportSourceDeps {
  findings: Pick<AnalysisService, 'list' | 'policyFiles' | 'allFindings'>;
  hub: Pick<FlowHub, 'recentFlows'>;
}

/**
 * The export's view of Lockstep's findings. The analysis runs here rather than through `AnalysisService.analyze`
 * because the export merges into the REPOSITORY's files, not the uploaded ones; the inputs are the same
 * (the service's findings with their review status, the namespace's recorded flows).
 */
export function exportSourceFrom(deps: ExportSourceDeps): ExportSource {
  return {
    findings: (namespace) => deps.findings.list(namespace),
    allFindings: () => deps.findings.allFindings(),
    policyFiles: (namespace) => deps.findings.policyFiles(namespace),
    async analyze(namespace, options) {
      const findings = await deps.findings.list(namespace);
      return analyzeNamespace({
        namespace,
        findings,
        flows: deps.hub.recentFlows(namespace).flows.map((f) => f.flow),
        existingPolicies: options.existingPolicies,
        excludedFindingIds: options.excluded,
        // Held findings (high risk) stay out until a reviewer accepts them; accepted ones are never held.
        triage: new Map(findings.map((f) => [f.id, f.triage])),
        acceptedFindingIds: new Set(findings.filter((f) => f.status === 'accepted').map((f) => f.id)),
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
