import type { CiliumPolicy, Rule } from './cnp-types';
import type { PolicyRef, RuleSection } from './evaluate-model';
import { compileRule, type CompiledRule } from './evaluate-rule';
import { compileSelector, scopeSubjectSelector, type PolicyScope } from './selector-compile';
import type { CompiledSelector } from './selector-matches';

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
}

/** Options of {@link compilePolicies}. */
export interface CompilePoliciesOptions {
  /** Namespace of a CiliumNetworkPolicy without `metadata.namespace` (kubectl's default). Default: `default`. */
  defaultNamespace?: string;
}

const SECTIONS: readonly RuleSection[] = ['ingress', 'ingressDeny', 'egress', 'egressDeny'];

/**
 * Compiles CNPs and CCNPs (both `spec` and `specs`) for evaluation. Objects of other kinds are skipped, so
 * every document of a multi-document YAML file can be passed as is.
 */
export function compilePolicies(policies: readonly CiliumPolicy[], options: CompilePoliciesOptions = {}): CompiledPolicies {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const specs: CompiledSpec[] = [];
  policies.forEach((policy, policyIndex) => {
    if (!policy || (policy.kind !== 'CiliumNetworkPolicy' && policy.kind !== 'CiliumClusterwideNetworkPolicy')) return;
    const clusterwide = policy.kind === 'CiliumClusterwideNetworkPolicy';
    const namespace = clusterwide ? undefined : (policy.metadata?.namespace ?? defaultNamespace);
    const ref: PolicyRef = Object.freeze({ name: String(policy.metadata?.name ?? ''), namespace: namespace ?? '', kind: policy.kind });
    if (policy.spec) specs.push(compileSpec(policy.spec, 'spec', ref, policyIndex, { namespace }));
    (policy.specs ?? []).forEach((spec, i) => specs.push(compileSpec(spec, `specs[${i}]`, ref, policyIndex, { namespace })));
  });
  return { specs };
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
  const subject = spec.endpointSelector ? scopeSubjectSelector(compileSelector(spec.endpointSelector), scope) : undefined;
  return { policy, policyIndex, specPath, subject, rules, defaultDeny };
}
