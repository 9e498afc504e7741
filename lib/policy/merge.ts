import type { FindingSubject } from '../findings/finding';
import { problem, sortProblems, type Problem } from '../findings/problems';
import { findMergeTarget, type MergeTarget } from './find-merge-target';
import type { Document } from 'yaml';
import type { ParsedSource } from './parse-sources';
import { renderSource } from './render-source';
import { canMergeInto, mergeSection } from './merge-rules';
import type { PatchedFile, SuggestedPolicy, SynthesisResult, SynthesizeOptions } from './suggested-policy';
import { unifiedDiff } from './unified-diff';

function rulesOf(suggestion: SuggestedPolicy, section: 'ingress' | 'egress') {
  const rules = suggestion.policy.spec?.[section] ?? [];
  return rules.map((rule, i) => ({ rule, evidence: suggestion.evidence[section][i] }));
}

/** The result of {@link mergePolicies}. */
export interface MergeResult extends SynthesisResult {
  /** Each patched file as documents and values after the merge, index-aligned with `files` (no need to re-parse). */
  patched: ParsedSource[];
}

/**
 * Merges suggestions into the user's existing policy files (parsed once by `parseSources`): for each suggestion
 * whose workload an existing CiliumNetworkPolicy selects (see `findMergeTarget`), its rules go into that policy's
 * ingress/egress sequences through the yaml Document model (comments and layout kept; untouched documents
 * byte-identical). The given documents are not changed: the merge works on clones. Suggestions without a target
 * stay new policies. Files come back whole, with a unified diff.
 */
export function mergePolicies(
  suggestions: readonly SuggestedPolicy[],
  parsed: readonly ParsedSource[],
  options: Pick<SynthesizeOptions, 'defaultNamespace' | 'evidenceComments'> = {},
): MergeResult {
  const problems: Problem[] = [];
  const working = new Map<number, Document.Parsed[]>();
  const docsOf = (index: number) => {
    if (!working.has(index)) working.set(index, parsed[index].docs.map((d) => d.clone() as Document.Parsed));
    return working.get(index)!;
  };
  const subjects: FindingSubject[] = suggestions.map((s) => s.subject);
  const modified = new Map<number, Set<number>>();
  const merged = new Map<number, PatchedFile['merged']>();
  const remaining: SuggestedPolicy[] = [];
  const withComments = options.evidenceComments ?? true;
  for (const suggestion of suggestions) {
    const others = subjects.filter((s) => s !== suggestion.subject);
    const found = findMergeTarget(suggestion.subject, parsed, others, options.defaultNamespace);
    problems.push(...found.problems);
    const applied = found.target && applyMerge(docsOf(found.target.sourceIndex)[found.target.docIndex], found.target, suggestion, withComments);
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
  const files: PatchedFile[] = [];
  const patched: ParsedSource[] = [];
  for (const index of [...merged.keys()].sort((a, b) => a - b)) {
    const src = parsed[index];
    const changed = modified.get(index) ?? new Set<number>();
    const docs = docsOf(index);
    const newText = renderSource({ ...src, docs }, changed);
    const diff = unifiedDiff(src.source.text, newText, { oldName: `a/${src.source.name}`, newName: `b/${src.source.name}` });
    files.push({ source: src.source.name, oldText: src.source.text, newText, diff, merged: merged.get(index)! });
    const values = docs.map((doc, i) => (changed.has(i) ? doc.toJS({ maxAliasCount: 100 }) : src.values[i]));
    patched.push({ source: { name: src.source.name, text: newText }, docs, values });
  }
  return { policies: remaining, files, problems: sortProblems(problems), patched };
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
