import type { EndpointSelector, SelectorOperator } from './cnp-types';
import type { CompiledRequirement, CompiledSelector } from './selector-matches';

/** Label sources Cilium knows (`pkg/labels/labels.go`), plus `gen` seen on CoreDNS endpoints. */
const LABEL_SOURCES = new Set(['k8s', 'reserved', 'any', 'unspec', 'container', 'cidr', 'fqdn', 'node', 'cidrgroup', 'gen']);

/** The namespace label every pod carries (`k8s:io.kubernetes.pod.namespace`). */
export const NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';

/** Prefix of the namespace's own labels copied onto its pods (`io.cilium.k8s.namespace.labels.<key>`). */
export const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';

/** Splits a selector key into source and key: `k8s:app` → `{k8s, app}`; `app` and `any:app` → `{any, app}`. */
export function splitSelectorKey(raw: string): { source: string; key: string } {
  const colon = raw.indexOf(':');
  if (colon > 0) {
    const source = raw.slice(0, colon);
    if (LABEL_SOURCES.has(source)) return { source, key: raw.slice(colon + 1) };
  }
  return { source: 'any', key: raw };
}

/**
 * Compiles an EndpointSelector (`matchLabels` + `matchExpressions`). YAML scalars that are not strings
 * (`version: 1`) are compared as strings; `null`/missing `{}` is the empty selector, which selects everything.
 */
export function compileSelector(selector: EndpointSelector | null | undefined): CompiledSelector {
  const requirements: CompiledRequirement[] = [];
  for (const [rawKey, rawValue] of Object.entries(selector?.matchLabels ?? {})) {
    const { source, key } = splitSelectorKey(rawKey);
    requirements.push({ source, key, operator: 'In', values: [scalarString(rawValue)] });
  }
  for (const expression of selector?.matchExpressions ?? []) {
    const { source, key } = splitSelectorKey(String(expression.key ?? ''));
    const operator = expression.operator as SelectorOperator;
    requirements.push({ source, key, operator, values: (expression.values ?? []).map(scalarString) });
  }
  return { requirements };
}

/** True when some requirement names `key` (any source) for which `test(key)` holds. */
export function selectorHasKey(selector: CompiledSelector, test: (key: string) => boolean): boolean {
  return selector.requirements.some((r) => test(r.key));
}

/** Where a policy lives: a CNP's namespace, or `undefined` for a CCNP. */
export interface PolicyScope {
  namespace: string | undefined;
  /** The local cluster's name (cilium-config `cluster-name`), for the `cluster` entity. Default: `default`. */
  clusterName?: string;
}

/**
 * Scopes a compiled `endpointSelector`: a CNP selects only pods of its own namespace (§1); a CCNP any pod.
 */
export function scopeSubjectSelector(selector: CompiledSelector, scope: PolicyScope): CompiledSelector {
  if (scope.namespace === undefined) return selector;
  return { requirements: [...selector.requirements, namespaceIs(scope.namespace)] };
}

/**
 * Scopes a compiled peer selector (`fromEndpoints`/`toEndpoints`) as Cilium's `getEndpointSelector` does
 * (pkg/k8s/apis/cilium.io/utils): a selector that names the namespace label or a `reserved:` key is kept as is;
 * otherwise a CNP adds its own namespace, unless the selector names namespace labels
 * (`io.cilium.k8s.namespace.labels.*`), and a CCNP adds "namespace label exists" (pods of any namespace).
 *
 * NOTE: the upstream code keeps CNP selectors on namespace labels cluster-wide although the docs say they only
 * work in CCNPs (docs/cnp-semantics.md §3); we follow the code.
 */
export function scopePeerSelector(selector: CompiledSelector, scope: PolicyScope): CompiledSelector {
  const names = (test: (r: CompiledRequirement) => boolean) => selector.requirements.some(test);
  if (names((r) => r.key === NAMESPACE_LABEL && (r.source === 'any' || r.source === 'k8s'))) return selector;
  if (names((r) => r.source === 'reserved')) return selector;
  if (scope.namespace === undefined) {
    return { requirements: [...selector.requirements, { source: 'k8s', key: NAMESPACE_LABEL, operator: 'Exists', values: [] }] };
  }
  if (names((r) => r.key.startsWith(NAMESPACE_LABELS_PREFIX))) return selector;
  return { requirements: [...selector.requirements, namespaceIs(scope.namespace)] };
}

function namespaceIs(namespace: string): CompiledRequirement {
  return { source: 'k8s', key: NAMESPACE_LABEL, operator: 'In', values: [namespace] };
}

function scalarString(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}
