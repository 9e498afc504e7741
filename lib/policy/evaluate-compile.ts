import type { CiliumPolicy, EndpointSelector, Rule } from './cnp-types';
import type { PolicyRef, RuleSection } from './evaluate-model';
import { compileRule, type CompiledRule } from './evaluate-rule';
import { compileSelector, NAMESPACE_LABEL, scopeSubjectSelector, type PolicyScope } from './selector-compile';
import type { CompiledSelector } from './selector-matches';
import { resolveClusterFacts, type ClusterFacts } from './cluster-facts';

/** One `spec` (or `specs[i]`) of a policy, compiled. */
export interface CompiledSpec {
  policy: PolicyRef;
  /** Index of the policy object in the input list. */
  policyIndex: number;
  /** `spec` or `specs[i]`. */
  specPath: string;
  /** The scoped `endpointSelector`; undefined for a `nodeSelector` (host) rule, which selects no pod. */
  subject: CompiledSelector | undefined;
  rules: Readonly<Record<RuleSection, readonly CompiledRule[]>>;
  /** Whether this spec switches default-deny on, per direction (§7-9, `enableDefaultDeny`). */
  defaultDeny: { ingress: boolean; egress: boolean };
}

/**
 * A policy set ready for `evaluateFlow`. Compile once and reuse it: the evaluator memoises per-identity work
 * against this object.
 */
export interface CompiledPolicies {
  specs: readonly CompiledSpec[];
  /** The cluster facts the set was compiled for (`allow-localhost`, cluster name). */
  cluster: ClusterFacts;
}

/** Options of {@link compilePolicies}. */
export interface CompilePoliciesOptions {
  /** Namespace of a CiliumNetworkPolicy without `metadata.namespace` (kubectl's default). Default: `default`. */
  defaultNamespace?: string;
  /** Cluster facts from cilium-config (rules 28, 31). Default: `allow-localhost: always`, cluster `default`. */
  cluster?: Partial<ClusterFacts>;
}

const SECTIONS: readonly RuleSection[] = ['ingress', 'ingressDeny', 'egress', 'egressDeny'];

/**
 * Compiles CNPs and CCNPs (both `spec` and `specs`) for evaluation. Objects of other kinds are skipped, so
 * every document of a multi-document YAML file can be passed as is.
 */
export function compilePolicies(policies: readonly CiliumPolicy[], options: CompilePoliciesOptions = {}): CompiledPolicies {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const cluster = resolveClusterFacts(options.cluster);
  const clusterName = cluster.clusterName;
  const specs: CompiledSpec[] = [];
  policies.forEach((policy, policyIndex) => {
    if (!policy || (policy.kind !== 'CiliumNetworkPolicy' && policy.kind !== 'CiliumClusterwideNetworkPolicy')) return;
    const clusterwide = policy.kind === 'CiliumClusterwideNetworkPolicy';
    const namespace = clusterwide ? undefined : (policy.metadata?.namespace ?? defaultNamespace);
    const ref: PolicyRef = Object.freeze({ name: String(policy.metadata?.name ?? ''), namespace: namespace ?? '', kind: policy.kind });
    if (policy.spec) specs.push(compileSpec(policy.spec, 'spec', ref, policyIndex, { namespace, clusterName }));
    (policy.specs ?? []).forEach((spec, i) => specs.push(compileSpec(spec, `specs[${i}]`, ref, policyIndex, { namespace, clusterName })));
  });
  return { specs, cluster };
}

function compileSpec(spec: Rule, specPath: string, policy: PolicyRef, policyIndex: number, scope: PolicyScope): CompiledSpec {
  const rules = {} as Record<RuleSection, CompiledRule[]>;
  for (const section of SECTIONS) {
    const list = Array.isArray(spec[section]) ? (spec[section] as object[]) : [];
    rules[section] = list.map((rule, i) => compileRule(rule, section, i, specPath, scope));
  }
  const enable = spec.enableDefaultDeny ?? {};
  const defaultDeny = {
    // "If not specified, the default is true for each traffic direction that has rules" (CRD enableDefaultDeny).
    ingress: rules.ingress.length + rules.ingressDeny.length > 0 && enable.ingress !== false,
    egress: rules.egress.length + rules.egressDeny.length > 0 && enable.egress !== false,
  };
  const subject = spec.endpointSelector ? scopeSubjectSelector(compileSelector(withoutNamespaceMatch(spec.endpointSelector, scope)), scope) : undefined;
  return { policy, policyIndex, specPath, subject, rules, defaultDeny };
}

/**
 * A CNP's `endpointSelector` with its `k8s:io.kubernetes.pod.namespace` match label removed: Cilium's
 * `ParseToCiliumRule` overwrites that label with the policy's own namespace ("removing illegal namespace match",
 * rule 29). Only the `k8s:`-prefixed match label is overwritten; an unprefixed key or a matchExpression on the
 * namespace stays and is ANDed, as upstream.
 */
function withoutNamespaceMatch(selector: EndpointSelector, scope: PolicyScope): EndpointSelector {
  const labels = selector.matchLabels;
  if (scope.namespace === undefined || !labels || !(NAMESPACE_MATCH_KEY in labels)) return selector;
  const rest = Object.fromEntries(Object.entries(labels).filter(([key]) => key !== NAMESPACE_MATCH_KEY));
  return { ...selector, matchLabels: rest };
}

const NAMESPACE_MATCH_KEY = `k8s:${NAMESPACE_LABEL}`;
