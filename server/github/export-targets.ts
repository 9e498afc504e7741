import 'server-only';
import type { NamespaceAnalysis } from '@/lib/analysis/analyze-namespace';
import type { FileChange } from '@/lib/export/file-change';
import { namespacePolicySources, planNamespaceExport } from '@/lib/export/plan-namespace-export';
import { planDocumentExport } from '@/lib/export/plan-document-export';
import { defaultDenyPullRequestText, namespacePullRequestText } from '@/lib/export/pull-request-text';
import type { Finding } from '@/lib/findings/finding';
import { defaultDenyCcnp, defaultDenyCcnpYaml } from '@/lib/policy/default-deny-ccnp';
import { detectClusterResolvers } from '@/lib/policy/detect-cluster-resolvers';
import type { ExistingPolicySource } from '@/lib/policy/suggested-policy';
import { AppError } from '../errors';
import type { RepoSnapshot } from './repo-snapshot';

/** A finding with its review, as the export reads it (`reviewedBy` once the store provides it). */
export type ExportFinding = Finding & { status: 'new' | 'accepted' | 'rejected' | 'needs-info'; reviewedBy?: string };

/** Where exports read findings and analyses; the composition root adapts the findings service to it. */
export interface ExportSource {
  /** A namespace's findings with their review status. */
  findings(namespace: string): Promise<ExportFinding[]>;
  /** Every namespace's findings (DNS resolvers for the cluster-wide policy). */
  allFindings(): Promise<Finding[]>;
  /** The namespace's analysis against the given policy files (the repository's), with `excluded` left out. */
  analyze(namespace: string, options: { excluded: ReadonlySet<string>; existingPolicies: ExistingPolicySource[] }): Promise<NamespaceAnalysis>;
  /** Policy files known without a repository (uploaded): the offline patch's base when GitHub is not configured. */
  policyFiles(namespace: string): Promise<ExistingPolicySource[]>;
}

/** What one export writes, planned against a snapshot of the base branch. */
export interface PlannedExport {
  changes: FileChange[];
  title: string;
  body: string;
  commitMessage: string;
  /** Findings the change carries ("exported in #N"). */
  findingIds: string[];
}

/** Something that can be exported: a namespace's accepted patch, or the step-8 policy. */
export interface ExportTarget {
  /** `namespace:<ns>` or `cluster:default-deny`: the key of export records and of the per-target lock. */
  key: string;
  /** Lockstep's branch for it: stable, so a second export updates the same pull request. */
  branch: string;
  /** What is exported, for messages (`the accepted patch of blog`). */
  label: string;
  /** Paths whose text the plan needs even when they hold no policy (fallback paths). */
  extraPaths: string[];
  plan(snapshot: RepoSnapshot): Promise<PlannedExport>;
}

function newFileNotes(changes: readonly FileChange[]): string[] {
  return changes
    .filter((c) => c.oldText === undefined)
    .map((c) => `\`${c.path}\` is a new file: make sure Argo CD or Flux applies it (a \`kustomization.yaml\` lists its resources).`);
}

/**
 * The answer when a namespace has nothing accepted: not a bad request (and not GitHub's business: the offline
 * export says the same), but a state the user changes on the Findings tab.
 */
export function nothingAccepted(namespace: string, findings: readonly ExportFinding[]): AppError {
  const proposed = findings.filter((f) => f.status !== 'rejected').length;
  const count = findings.length === 1 ? 'its finding is' : `its ${findings.length} findings is`;
  const message =
    findings.length === 0
      ? `Nothing to export in ${namespace} yet: it has no finding.`
      : `Nothing to export in ${namespace} yet: none of ${count} accepted (${proposed} proposed in the suggested patch). ` +
        'The export carries accepted findings only: accept the ones that should be allowed on the Findings tab.';
  return new AppError('conflict:export', message, { reason: 'nothing-accepted', accepted: 0, proposed });
}

/** The accepted patch of a namespace: every finding that is not accepted is left out. */
export function namespaceTarget(namespace: string, source: ExportSource, options: { pathTemplate: string }): ExportTarget {
  return {
    key: `namespace:${namespace}`,
    branch: `lockstep/${namespace}-policies`,
    label: `the accepted patch of ${namespace}`,
    extraPaths: [options.pathTemplate.replaceAll('{namespace}', namespace)],
    async plan(snapshot) {
      const findings = await source.findings(namespace);
      const accepted = findings.filter((f) => f.status === 'accepted');
      if (accepted.length === 0) throw nothingAccepted(namespace, findings);
      const excluded = new Set(findings.filter((f) => f.status !== 'accepted').map((f) => f.id));
      const planOptions = { namespace, repoFiles: snapshot.files, index: snapshot.index, pathTemplate: options.pathTemplate };
      const analysis = await source.analyze(namespace, { excluded, existingPolicies: namespacePolicySources(planOptions) });
      const plan = planNamespaceExport(analysis, planOptions);
      if (plan.conflicts.length > 0) throw new AppError('conflict:github', `Lockstep cannot place every policy: ${plan.conflicts.join('; ')}.`, { reason: 'name-taken' });
      const text = namespacePullRequestText({
        namespace,
        accepted: accepted.map((f) => ({ finding: f, decision: f.status, reviewer: f.reviewedBy })),
        leftOut: findings.length - accepted.length,
        replay: { before: analysis.replay.before, after: analysis.replay.after },
        changes: plan.changes,
        notes: [...snapshot.notes, ...newFileNotes(plan.changes)],
      });
      return { changes: plan.changes, ...text, findingIds: accepted.map((f) => f.id).sort() };
    },
  };
}

/** The step-8 cluster-wide default-deny CCNP, with DNS to the resolvers seen in the findings. */
export function defaultDenyTarget(source: ExportSource, options: { clusterPolicyPath: string }): ExportTarget {
  return {
    key: 'cluster:default-deny',
    branch: 'lockstep/cluster-default-deny',
    label: 'the cluster-wide default-deny policy',
    extraPaths: [options.clusterPolicyPath],
    async plan(snapshot) {
      const detection = detectClusterResolvers(await source.allFindings());
      const policy = defaultDenyCcnp({ resolvers: detection.resolvers });
      const yaml = defaultDenyCcnpYaml(policy, { detection });
      const changes = planDocumentExport({ policy, yaml, fallbackPath: options.clusterPolicyPath, repoFiles: snapshot.files, index: snapshot.index });
      const text = defaultDenyPullRequestText({ policyName: policy.metadata.name, detection, changes, notes: [...snapshot.notes, ...newFileNotes(changes)] });
      return { changes, ...text, findingIds: [] };
    },
  };
}
