import type { CiliumPolicy, EgressRule, EndpointSelector, IngressRule, Rule } from '../policy/cnp-types';
import type { RuleSection } from '../policy/evaluate-model';

/** One `spec` or `specs[i]` of a policy with its path. */
export interface SpecEntry {
  spec: Rule;
  specPath: string;
}

/** One rule of a spec section with its path (`spec/egress[1]`). */
export interface RuleEntry extends SpecEntry {
  rule: IngressRule & EgressRule;
  section: RuleSection;
  index: number;
  path: string;
}

/** A label selector inside a policy: the subject's `endpointSelector` or a `fromEndpoints`/`toEndpoints` peer. */
export interface SelectorEntry extends SpecEntry {
  selector: EndpointSelector;
  field: 'endpointSelector' | 'fromEndpoints' | 'toEndpoints';
  path: string;
}

const SECTIONS: readonly RuleSection[] = ['ingress', 'ingressDeny', 'egress', 'egressDeny'];

/** The specs of a policy, `spec` first, as the evaluator numbers them. */
export function specsOf(policy: CiliumPolicy): SpecEntry[] {
  const out: SpecEntry[] = [];
  if (policy.spec) out.push({ spec: policy.spec, specPath: 'spec' });
  (policy.specs ?? []).forEach((spec, i) => out.push({ spec, specPath: `specs[${i}]` }));
  return out;
}

/** Every rule of every section of every spec, in document order. */
export function rulesOf(policy: CiliumPolicy): RuleEntry[] {
  const out: RuleEntry[] = [];
  for (const entry of specsOf(policy)) {
    for (const section of SECTIONS) {
      const list = entry.spec[section];
      if (!Array.isArray(list)) continue;
      list.forEach((rule, index) => {
        if (!rule || typeof rule !== 'object') return;
        out.push({ ...entry, rule: rule as IngressRule & EgressRule, section, index, path: `${entry.specPath}/${section}[${index}]` });
      });
    }
  }
  return out;
}

/** Every endpoint selector of a policy: subjects first, then peers, in document order. */
export function selectorsOf(policy: CiliumPolicy): SelectorEntry[] {
  const out: SelectorEntry[] = [];
  for (const entry of specsOf(policy)) {
    if (entry.spec.endpointSelector) {
      out.push({ ...entry, selector: entry.spec.endpointSelector, field: 'endpointSelector', path: `${entry.specPath}/endpointSelector` });
    }
  }
  for (const rule of rulesOf(policy)) {
    for (const field of ['fromEndpoints', 'toEndpoints'] as const) {
      (rule.rule[field] ?? []).forEach((selector, j) => {
        if (selector && typeof selector === 'object') out.push({ ...rule, selector, field, path: `${rule.path}/${field}[${j}]` });
      });
    }
  }
  return out;
}

/** Escapes a map key for a lint path (JSON Pointer style: `~` → `~0`, `/` → `~1`). */
export function pathKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A CNP's namespace (`defaultNamespace` when unset) or undefined for a CCNP. */
export function policyNamespace(policy: CiliumPolicy, defaultNamespace = 'default'): string | undefined {
  return policy.kind === 'CiliumClusterwideNetworkPolicy' ? undefined : (policy.metadata?.namespace ?? defaultNamespace);
}

/** `name` or `namespace/name` of a policy, for messages. */
export function policyLabel(policy: CiliumPolicy, defaultNamespace = 'default'): string {
  const ns = policyNamespace(policy, defaultNamespace);
  return ns === undefined ? `CiliumClusterwideNetworkPolicy ${policy.metadata?.name}` : `${ns}/${policy.metadata?.name}`;
}

/** A selector written as `k=v, k2 In (a, b)` for messages. */
export function describeSelector(selector: EndpointSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) parts.push(`${e.key} ${e.operator}${e.values?.length ? ` (${e.values.join(', ')})` : ''}`);
  return parts.length ? `{${parts.join(', ')}}` : '{}';
}
