import { analyzeNamespace } from '@/lib/analysis/analyze-namespace';
import { extractFindings } from '@/lib/findings/extract-findings';
import { demoFlows } from '@/lib/policy/testdata/demo-scenario';
import { FIXED_TIME } from '@/lib/testing/flow-builders';
import type { GithubConfig } from '../github-config';
import { GithubExporter, type GithubExporterOptions } from '../exporter';
import type { ExportFinding, ExportSource } from '../export-targets';
import type { FakeGithub } from './fake-github';

/** Fixtures of the export tests: the demo cluster's findings with review statuses, and config for a fake. */

const flows = demoFlows();
const findings = extractFindings(flows).findings;

/** The demo findings with a status each: `accepted` for those `accept` picks, `new` otherwise. */
export function reviewedFindings(accept: (f: ExportFinding) => boolean = () => true, reviewer = 'alice'): ExportFinding[] {
  return findings.map((f) => {
    const draft: ExportFinding = { ...f, status: 'new' };
    return accept(draft) ? { ...draft, status: 'accepted', reviewedBy: reviewer } : draft;
  });
}

/** An export source over a mutable list of findings (tests change statuses between exports). */
export function fixtureSource(state: { findings: ExportFinding[] }, uploaded: { name: string; text: string }[] = []): ExportSource {
  return {
    findings: async (ns) => state.findings.filter((f) => f.subject.namespace === ns),
    allFindings: async () => state.findings,
    policyFiles: async () => uploaded,
    analyze: async (ns, options) =>
      analyzeNamespace({
        namespace: ns,
        findings: state.findings.filter((f) => f.subject.namespace === ns),
        flows,
        existingPolicies: options.existingPolicies,
        excludedFindingIds: options.excluded,
        lint: { now: FIXED_TIME },
      }),
  };
}

/** The github section pointing at a fake. */
export function configFor(fake: FakeGithub | undefined, overrides: Partial<GithubConfig> = {}): GithubConfig {
  return {
    repository: fake ? { owner: fake.owner, name: fake.repo } : undefined,
    baseBranch: 'main',
    token: fake ? 'test-token' : undefined,
    tokenFile: undefined,
    apiUrl: fake?.apiUrl ?? 'https://api.github.com',
    policyPathTemplate: 'apps/{namespace}/cilium-policies.yaml',
    clusterPolicyPath: 'cluster/cilium-default-deny.yaml',
    exportRole: 'reviewer',
    ...overrides,
  };
}

/** An exporter on a fake, with sleeps recorded instead of waited. */
export function exporterFor(fake: FakeGithub | undefined, state: { findings: ExportFinding[] }, options: Partial<GithubExporterOptions> & { sleeps?: number[] } = {}) {
  const sleeps = options.sleeps ?? [];
  const exporter = new GithubExporter({
    config: configFor(fake),
    source: fixtureSource(state),
    now: () => Date.UTC(2026, 10, 2, 9, 0, 0),
    client: { sleep: async (ms) => void sleeps.push(ms), now: () => Date.UTC(2026, 10, 2, 9, 0, 0) },
    ...options,
  });
  return { exporter, sleeps };
}
