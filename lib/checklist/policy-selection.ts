import { isCiliumPolicy, type CiliumPolicy } from '../policy/cnp-types';
import { compilePolicies } from '../policy/evaluate-compile';
import { parseSources } from '../policy/parse-sources';
import { indexLabels, selectorMatches } from '../policy/selector-matches';
import type { ExistingPolicySource } from '../policy/suggested-policy';
import type { ActiveWorkload, KubernetesFacts, PodFacts } from './checklist';

const NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace';

/** Something a policy may select: a pod (Kubernetes) or a workload seen in flows, with Cilium label strings. */
export interface SelectionSubject {
  /** The workload name (several pods of one workload share it). */
  name: string;
  labels: readonly string[];
}

/** Which policies select which subjects. */
export interface SelectionResult {
  /** `CiliumNetworkPolicy ns/name` or `CiliumClusterwideNetworkPolicy name`, sorted. */
  policies: string[];
  /** Workloads every subject of which is selected, sorted. */
  selected: string[];
  /** Workloads with at least one subject no policy selects, sorted. */
  unselected: string[];
}

/** Options of {@link selectPolicies}. */
export interface SelectPoliciesOptions {
  /** Count only these kinds. Default: both. */
  kinds?: readonly CiliumPolicy['kind'][];
}

/**
 * Evaluates the policies' `endpointSelector`s against the subjects' labels (a CNP only selects its own
 * namespace, docs/cnp-semantics.md §1). A spec counts only when it switches default-deny on in some direction: a policy
 * without rules reports nothing in audit mode and enforces nothing (§7-8).
 */
export function selectPolicies(policies: readonly CiliumPolicy[], subjects: readonly SelectionSubject[], namespace: string, options: SelectPoliciesOptions = {}): SelectionResult {
  const kinds = options.kinds ?? ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'];
  const compiled = compilePolicies(policies.filter((p) => kinds.includes(p.kind)), { defaultNamespace: namespace });
  const names = new Set<string>();
  const selected = new Set<string>();
  const unselected = new Set<string>();
  for (const subject of subjects) {
    const labels = indexLabels(withNamespace(subject.labels, namespace));
    let hit = false;
    for (const spec of compiled.specs) {
      if (!spec.subject || !(spec.defaultDeny.ingress || spec.defaultDeny.egress)) continue;
      if (!selectorMatches(spec.subject, labels)) continue;
      hit = true;
      names.add(policyName(spec.policy));
    }
    (hit ? selected : unselected).add(subject.name);
  }
  for (const name of unselected) selected.delete(name);
  return { policies: [...names].sort(), selected: [...selected].sort(), unselected: [...unselected].sort() };
}

function policyName(ref: { kind: string; namespace: string; name: string }): string {
  return ref.kind === 'CiliumClusterwideNetworkPolicy' ? `${ref.kind} ${ref.name}` : `${ref.kind} ${ref.namespace}/${ref.name}`;
}

function withNamespace(labels: readonly string[], namespace: string): string[] {
  return labels.some((l) => l.startsWith(`${NAMESPACE_LABEL}=`)) ? [...labels] : [...labels, `${NAMESPACE_LABEL}=${namespace}`];
}

/** A pod as a selection subject: its labels with the `k8s:` source Cilium gives them. */
export function podSubject(pod: PodFacts, namespace: string): SelectionSubject {
  const labels = Object.entries(pod.labels).map(([k, v]) => `k8s:${k}=${v}`);
  return { name: pod.workload, labels: withNamespace(labels, namespace) };
}

/** The Cilium policies in policy files (other documents and unparsable files are skipped). */
export function policiesOfFiles(files: readonly ExistingPolicySource[]): CiliumPolicy[] {
  return parseSources(files).parsed.flatMap((p) => p.values.filter(isCiliumPolicy));
}

/** How Lockstep knows what selects a namespace's pods. */
export interface NamespaceSelection extends SelectionResult {
  /** `kubernetes`: pods and policies from the API; `repository`: the policy files against the workloads seen. */
  source: 'kubernetes' | 'repository' | 'unknown';
  /** Pods (kubernetes) or workloads seen (repository) evaluated. */
  subjects: number;
  /** The same, counting only the namespace's own CiliumNetworkPolicies (step 4). */
  own: SelectionResult;
}

/**
 * The policies selecting a namespace's pods: from the Kubernetes API when pods and CNPs could be read (CCNPs too
 * when they could), else from the known policy files against the workloads seen in flows, else unknown.
 */
export function namespaceSelection(
  namespace: string,
  kubernetes: KubernetesFacts,
  files: readonly ExistingPolicySource[],
  workloads: readonly ActiveWorkload[],
): NamespaceSelection {
  if (kubernetes.status === 'on' && kubernetes.pods.ok && kubernetes.policies.ok) {
    const subjects = kubernetes.pods.value.map((pod) => podSubject(pod, namespace));
    const all = [...kubernetes.policies.value, ...(kubernetes.clusterPolicies.ok ? kubernetes.clusterPolicies.value : [])];
    return selection('kubernetes', all, subjects, namespace);
  }
  const policies = policiesOfFiles(files);
  if (policies.length === 0) return { source: 'unknown', subjects: 0, policies: [], selected: [], unselected: [], own: { policies: [], selected: [], unselected: [] } };
  return selection('repository', policies, workloads.map((w) => ({ name: w.name, labels: w.labels })), namespace);
}

function selection(source: NamespaceSelection['source'], policies: CiliumPolicy[], subjects: SelectionSubject[], namespace: string): NamespaceSelection {
  const any = selectPolicies(policies, subjects, namespace);
  const own = selectPolicies(policies, subjects, namespace, { kinds: ['CiliumNetworkPolicy'] });
  return { source, subjects: subjects.length, ...any, own };
}
