import type { NamespaceAnalysis } from '../analysis/analyze-namespace';
import type { ExistingPolicySource } from '../policy/suggested-policy';
import { policiesToYaml } from '../policy/to-yaml';
import { appendDocuments, mergeChanges, type FileChange, type RepoFiles } from './file-change';
import { policyPathFor, type PolicyLocation } from './policy-index';

/** Options of {@link namespacePolicySources} and {@link planNamespaceExport}. */
export interface NamespaceExportOptions {
  namespace: string;
  /** Files of the repository that hold Cilium policies (and the fallback path, when it exists). */
  repoFiles: RepoFiles;
  /** Every Cilium policy document of the repository. */
  index: readonly PolicyLocation[];
  /** Fallback path for new policies. Default: `apps/{namespace}/cilium-policies.yaml`. */
  pathTemplate?: string;
  /** Evidence comments above new rules. Default: true. */
  evidenceComments?: boolean;
}

/** The plan: files to write, and what stops the export (the caller decides how to say it). */
export interface NamespaceExportPlan {
  changes: FileChange[];
  /** Reasons the plan must not be applied (a new policy's name is taken by a document Lockstep cannot merge into). */
  conflicts: string[];
}

/**
 * The repository files the analysis may merge into: those holding a CiliumNetworkPolicy of the namespace, plus
 * the fallback path when it exists and holds policies without `metadata.namespace` (a kustomize overlay sets it).
 * Sorted by path, so the analysis and the plan are deterministic.
 */
export function namespacePolicySources(options: NamespaceExportOptions): ExistingPolicySource[] {
  const fallback = policyPathFor(options.namespace, { template: options.pathTemplate });
  const paths = new Set<string>();
  for (const loc of options.index) {
    if (loc.kind !== 'CiliumNetworkPolicy') continue;
    if (loc.namespace === options.namespace || (loc.namespace === undefined && loc.path === fallback)) paths.add(loc.path);
  }
  return [...paths].sort().flatMap((path) => {
    const text = options.repoFiles.get(path);
    return text === undefined ? [] : [{ name: path, text }];
  });
}

/**
 * Where new policies go: the fallback path when it exists or the namespace has no policy file yet; otherwise the
 * namespace's first policy file. NOTE: appending to a file the GitOps tool already applies beats a new file that
 * a `kustomization.yaml` resource list would silently ignore.
 */
function newPolicyPath(options: NamespaceExportOptions, sources: readonly ExistingPolicySource[]): string {
  const fallback = policyPathFor(options.namespace, { template: options.pathTemplate });
  if (options.repoFiles.has(fallback) || sources.length === 0) return fallback;
  return sources[0].name;
}

/**
 * Turns a namespace analysis made against the repository's files (see {@link namespacePolicySources}) into file
 * changes: merged files as the analysis rewrote them (comments and layout kept), new policies appended to the
 * namespace's file or written to the fallback path.
 */
export function planNamespaceExport(analysis: Pick<NamespaceAnalysis, 'policies' | 'files'>, options: NamespaceExportOptions): NamespaceExportPlan {
  const sources = namespacePolicySources(options);
  const changes: FileChange[] = analysis.files.map((file) => ({
    path: file.source,
    oldText: options.repoFiles.get(file.source),
    newText: file.newText,
    summary: file.merged.filter((m) => m.addedRules + m.addedPorts > 0).map((m) => `rules merged into ${m.namespace}/${m.policyName}`),
  }));
  const conflicts: string[] = [];
  for (const policy of analysis.policies) {
    const taken = options.index.find((l) => l.kind === 'CiliumNetworkPolicy' && l.namespace === policy.policy.metadata.namespace && l.name === policy.policy.metadata.name);
    if (taken) conflicts.push(`${taken.path} already has a policy named ${policy.id} that Lockstep cannot merge into; rename or merge it by hand`);
  }
  if (analysis.policies.length > 0) {
    const path = newPolicyPath(options, sources);
    const before = changes.find((c) => c.path === path)?.newText ?? options.repoFiles.get(path);
    const yaml = policiesToYaml(analysis.policies, { evidenceComments: options.evidenceComments ?? true });
    const names = analysis.policies.map((p) => p.id).join(', ');
    changes.push({ path, oldText: options.repoFiles.get(path), newText: appendDocuments(before, yaml), summary: [`new ${analysis.policies.length === 1 ? 'policy' : 'policies'} ${names}`] });
  }
  return { changes: mergeChanges(changes), conflicts };
}
