import type { Endpoint } from '../flow/flow';
import type { Rule } from '../policy/cnp-types';
import { describeEndpoint, type EndpointInfo } from '../policy/selector-entities';
import { NAMESPACE_LABEL, splitSelectorKey } from '../policy/selector-compile';

/**
 * A made-up pod that a spec's `endpointSelector` selects, for checks that have no recorded flows: its
 * `matchLabels`, the first value of each `In` expression, and the namespace (the CNP's, else the one the
 * selector names, else `fallbackNamespace`). Default `fallbackNamespace`: `default`.
 */
export function syntheticSubject(spec: Rule, namespace: string | undefined, fallbackNamespace = 'default'): EndpointInfo {
  const labels = new Map<string, string>();
  for (const [key, value] of Object.entries(spec.endpointSelector?.matchLabels ?? {})) labels.set(splitSelectorKey(key).key, String(value));
  for (const e of spec.endpointSelector?.matchExpressions ?? []) {
    const key = splitSelectorKey(String(e.key)).key;
    if (e.operator === 'In' && e.values?.length && !labels.has(key)) labels.set(key, String(e.values[0]));
  }
  const ns = namespace ?? labels.get(NAMESPACE_LABEL) ?? fallbackNamespace;
  labels.set(NAMESPACE_LABEL, ns);
  const endpoint: Endpoint = {
    id: 0, identity: 0, clusterName: '', namespace: ns, podName: '', workloads: [],
    labels: [...labels].map(([k, v]) => `k8s:${k}=${v}`).sort(),
  };
  return describeEndpoint(endpoint);
}
