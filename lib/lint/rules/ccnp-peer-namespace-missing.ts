import type { LintFinding, LintRule } from '../lint-rule';
import { NAMESPACE_LABEL, NAMESPACE_LABELS_PREFIX, splitSelectorKey } from '../../policy/selector-compile';
import type { EndpointSelector } from '../../policy/cnp-types';
import { describeSelector, selectorsOf } from '../walk-policy';

/**
 * `ccnp.peer-namespace-missing`: a CCNP `fromEndpoints`/`toEndpoints` selector with labels but no namespace
 * (§4): it matches those labels in every namespace. Selectors naming namespace labels
 * (`io.cilium.k8s.namespace.labels.*`) or reserved identities, and the explicit wildcard `{}`, are left alone.
 */
export const ccnpPeerNamespaceMissing: LintRule = {
  id: 'ccnp.peer-namespace-missing',
  check({ policies }) {
    const findings: LintFinding[] = [];
    policies.forEach(({ policy }, policyIndex) => {
      if (policy.kind !== 'CiliumClusterwideNetworkPolicy') return;
      for (const entry of selectorsOf(policy)) {
        if (entry.field === 'endpointSelector' || !lacksNamespace(entry.selector)) continue;
        findings.push({
          id: 'ccnp.peer-namespace-missing', policyIndex, path: entry.path,
          params: { field: entry.field, selector: describeSelector(entry.selector) },
        });
      }
    });
    return findings;
  },
};

function lacksNamespace(selector: EndpointSelector): boolean {
  const keys = [...Object.keys(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).map((e) => String(e.key))].map(splitSelectorKey);
  if (keys.length === 0) return false;
  return !keys.some(({ source, key }) => key === NAMESPACE_LABEL || key.startsWith(NAMESPACE_LABELS_PREFIX) || source === 'reserved');
}
