import type { FindingSubject } from '../findings/model';
import { problem, sortProblems } from '../findings/problems';
import { findMergeTarget, type MergeTarget } from './find-merge-target';
import { parseSources } from './parse-sources';
import { renderSource } from './render-source';
import { canMergeInto, mergeSection } from './merge-rules';
import type { ExistingPolicySource, PatchedFile, SuggestedPolicy, SynthesisResult, SynthesizeOptions } from './suggested-policy';
import { unifiedDiff } from './unified-diff';

function rulesOf(suggestion: SuggestedPolicy, section: 'ingress' | 'egress') {
  const rules = suggestion.policy.spec?.[section] ?? [];
  return rules.map((rule, i) => ({ rule, evidence: suggestion.evidence[section][i] }));
}

/**
 * Merges suggestions into the user's existing policy files: for each suggestion whose workload an existing
 * CiliumNetworkPolicy selects (see `findMergeTarget`), its rules go into that policy's ingress/egress sequences
 * through the yaml Document model (comments and layout kept; untouched documents byte-identical). Suggestions
 * without a target stay new policies. Files come back whole, with a unified diff.
 */
export function mergePolicies(
  suggestions: readonly SuggestedPolicy[],
  sources: readonly ExistingPolicySource[],
  options: Pick<SynthesizeOptions, 'defaultNamespace' | 'evidenceComments'> = {},
): SynthesisResult {
  const { parsed, problems } = parseSources(sources);
  const subjects: FindingSubject[] = suggestions.map((s) => s.subject);
  const modified = new Map<number, Set<number>>();
  const merged = new Map<number, PatchedFile['merged']>();
  const remaining: SuggestedPolicy[] = [];
  const withComments = options.evidenceComments ?? true;
  for (const suggestion of suggestions) {
    const others = subjects.filter((s) => s !== suggestion.subject);
    const found = findMergeTarget(suggestion.subject, parsed, others, options.defaultNamespace);
    problems.push(...found.problems);
    const applied = found.target && applyMerge(parsed[found.target.sourceIndex].docs[found.target.docIndex], found.target, suggestion, withComments);
    if (!found.target || !applied) {
      remaining.push(suggestion);
      continue;
    }
    const { sourceIndex, docIndex } = found.target;
    const where = { namespace: suggestion.subject.namespace, workload: suggestion.subject.workload, source: parsed[sourceIndex].source.name };
    if (applied.coveredRules > 0) problems.push(problem('LSP107', { ...where, count: applied.coveredRules, findingIds: suggestion.findingIds }));
    if (applied.addedRules + applied.addedPorts > 0) modified.set(sourceIndex, (modified.get(sourceIndex) ?? new Set()).add(docIndex));
    merged.set(sourceIndex, [...(merged.get(sourceIndex) ?? []), { policyName: found.target.policyName, namespace: found.target.namespace, suggestionId: suggestion.id, ...applied }]);
  }
  const files: PatchedFile[] = [...merged.keys()].sort((a, b) => a - b).map((index) => {
    const src = parsed[index];
    const newText = renderSource(src, modified.get(index) ?? new Set());
    const diff = unifiedDiff(src.source.text, newText, { oldName: `a/${src.source.name}`, newName: `b/${src.source.name}` });
    return { source: src.source.name, oldText: src.source.text, newText, diff, merged: merged.get(index)! };
  });
  return { policies: remaining, files, problems: sortProblems(problems) };
}

function applyMerge(doc: Parameters<typeof mergeSection>[0], target: MergeTarget, suggestion: SuggestedPolicy, withComments: boolean) {
  // Check both sections before touching either, so that a refused merge leaves the document as it was.
  if (!canMergeInto(doc, target.rulePath)) return undefined;
  const ingress = mergeSection(doc, target.rulePath, 'ingress', rulesOf(suggestion, 'ingress'), withComments);
  const egress = mergeSection(doc, target.rulePath, 'egress', rulesOf(suggestion, 'egress'), withComments);
  if (!ingress || !egress) return undefined;
  return {
    addedRules: ingress.addedRules + egress.addedRules,
    addedPorts: ingress.addedPorts + egress.addedPorts,
    coveredRules: ingress.coveredRules + egress.coveredRules,
  };
}
