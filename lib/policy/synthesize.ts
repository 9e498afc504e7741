import type { Finding, FindingSubject } from '../findings/finding';
import { problem, sortProblems } from '../findings/problems';
import { isSynthesizable } from './finding-guard';
import { isUnselectable } from '../findings/is-unselectable';
import { intersectLabels } from '../findings/resolve-endpoint';
import { buildRules } from './build-rules';
import { CILIUM_API_VERSION, type CiliumNetworkPolicy, type Rule } from './cnp-types';
import { mergePolicies } from './merge';
import { parseSources } from './parse-sources';
import { policyNames, selectorCanonical } from './policy-name';
import type { SuggestedPolicy, SynthesisResult, SynthesizeOptions } from './suggested-policy';

function groupBySubject(findings: readonly Finding[]): { subject: FindingSubject; findings: Finding[] }[] {
  const groups = new Map<string, { subject: FindingSubject; findings: Finding[] }>();
  for (const f of findings) {
    const key = JSON.stringify([f.subject.namespace, selectorCanonical(f.subject.selector)]);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { subject: { ...f.subject }, findings: [f] });
      continue;
    }
    group.findings.push(f);
    group.subject.labels = intersectLabels(group.subject.labels, f.subject.labels);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

function suggest(subject: FindingSubject, findings: Finding[], name: string, options: SynthesizeOptions): SuggestedPolicy {
  const ingress = buildRules(findings, 'INGRESS', options);
  const egress = buildRules(findings, 'EGRESS', options);
  const spec: Rule = { endpointSelector: { matchLabels: { ...subject.selector } } };
  if (ingress.length > 0) spec.ingress = ingress.map((r) => r.rule);
  if (egress.length > 0) spec.egress = egress.map((r) => r.rule);
  const policy: CiliumNetworkPolicy = { apiVersion: CILIUM_API_VERSION, kind: 'CiliumNetworkPolicy', metadata: { name, namespace: subject.namespace }, spec };
  return {
    id: `${subject.namespace}/${name}`,
    subject,
    policy,
    evidence: { ingress: ingress.map((r) => r.evidence), egress: egress.map((r) => r.evidence) },
    findingIds: findings.map((f) => f.id).sort(),
  };
}

/**
 * One CiliumNetworkPolicy per subject workload from the findings the caller includes: rules grouped per peer with
 * merged, sorted ports; entities with equal ports in one rule; FQDN rules on the application port with a DNS
 * companion to the resolver seen answering; no L7 except the companion's `rules.dns`. Deterministic output.
 * With `existingPolicies`, rules for workloads an existing policy selects are merged into that file instead.
 * Findings with a value that is not valid in a policy (possible only if they did not come from `extractFindings`)
 * are left out with an LSP001 problem: no invalid label ever reaches the output.
 */
export function synthesizePolicies(all: readonly Finding[], options: SynthesizeOptions = {}): SynthesisResult {
  // No rule can select these (no stable label): the findings themselves say so (LSP002); nothing to synthesize.
  const findings = all.filter((f) => !isUnselectable(f));
  const usable = findings.filter(isSynthesizable);
  const kept = new Set(usable);
  const rejected = findings.filter((f) => !kept.has(f));
  const guard = rejected.length > 0 ? [problem('LSP001', { count: rejected.length, findingIds: rejected.map((f) => String(f.id)) })] : [];
  const result = synthesizeUsable(usable, options);
  return guard.length > 0 ? { ...result, problems: sortProblems([...guard, ...result.problems]) } : result;
}

function synthesizeUsable(findings: readonly Finding[], options: SynthesizeOptions): SynthesisResult {
  const groups = groupBySubject(findings);
  const namesByNamespace = new Map<string, Map<string, string>>();
  for (const ns of new Set(groups.map((g) => g.subject.namespace))) {
    const selectors = groups.filter((g) => g.subject.namespace === ns).map((g) => g.subject.selector);
    namesByNamespace.set(ns, policyNames(selectors, options.nameSuffix));
  }
  const suggested = groups.map((g) => {
    const name = namesByNamespace.get(g.subject.namespace)!.get(selectorCanonical(g.subject.selector))!;
    return suggest(g.subject, g.findings, name, options);
  });
  const sorted = suggested.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (!options.existingPolicies?.length) return { policies: sorted, files: [], problems: [] };
  const sources = parseSources(options.existingPolicies);
  const { policies, files, problems } = mergePolicies(sorted, sources.parsed, options);
  return { policies, files, problems: sortProblems([...sources.problems, ...problems]) };
}
