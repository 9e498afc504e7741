import { lintPolicies } from '../lint/run';
import type { CiliumPolicy } from '../policy/cnp-types';
import { compilePolicies } from '../policy/evaluate-compile';
import { indexLabels, selectorMatches } from '../policy/selector-matches';

/** A namespace name no cluster has: a pod there stands for "a namespace created tomorrow". */
export const NEW_NAMESPACE_PROBE = 'lockstep-new-namespace-probe';

/** A CiliumClusterwideNetworkPolicy that switches default-deny on for whole namespaces. */
export interface ClusterDefaultDeny {
  name: string;
  /** Selects an unlabelled pod of the namespace under review. */
  coversNamespace: boolean;
  /** Selects an unlabelled pod of a namespace created later: new namespaces start secure. */
  coversNewNamespaces: boolean;
  /** DNS stays allowed by the same resource (lint `ccnp.dns-not-in-same-resource` is silent). */
  dnsInSameResource: boolean;
}

function probe(namespace: string) {
  return indexLabels([`k8s:io.kubernetes.pod.namespace=${namespace}`]);
}

/**
 * The CCNPs among `policies` that put every pod of some namespace into default-deny (a spec with rules in some
 * direction whose `endpointSelector` selects a pod that carries no label but its namespace), with what they
 * cover and whether DNS is allowed in the same resource (docs/cnp-semantics.md §11). Sorted by name.
 */
export function clusterDefaultDenies(policies: readonly CiliumPolicy[], namespace: string): ClusterDefaultDeny[] {
  const ccnps = policies.filter((p) => p.kind === 'CiliumClusterwideNetworkPolicy');
  const compiled = compilePolicies(ccnps);
  const out: ClusterDefaultDeny[] = [];
  ccnps.forEach((policy, index) => {
    const specs = compiled.specs.filter((s) => s.policyIndex === index && s.subject && (s.defaultDeny.ingress || s.defaultDeny.egress));
    const selects = (labels: ReturnType<typeof probe>) => specs.some((s) => selectorMatches(s.subject!, labels));
    const coversNamespace = selects(probe(namespace));
    const coversNewNamespaces = selects(probe(NEW_NAMESPACE_PROBE));
    if (!coversNamespace && !coversNewNamespaces) return;
    const dnsInSameResource = lintPolicies([policy], {}, { only: ['ccnp.dns-not-in-same-resource'] }).length === 0;
    out.push({ name: String(policy.metadata?.name ?? ''), coversNamespace, coversNewNamespaces, dnsInSameResource });
  });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
