import { describe, expect, it } from 'vitest';
import { lintPolicies } from '../run';
import type { CiliumPolicy } from '../../policy/cnp-types';
import { loadUpstream, policies } from '../../policy/testdata/upstream/load-upstream';

const lint = (set: CiliumPolicy[]) => lintPolicies(set, {}, { only: ['ccnp.dns-not-in-same-resource'] });
const egressDefaultDeny = policies`
  apiVersion: cilium.io/v2
  kind: CiliumClusterwideNetworkPolicy
  metadata: {name: default-deny-egress}
  spec:
    endpointSelector: {matchExpressions: [{key: io.kubernetes.pod.namespace, operator: NotIn, values: [kube-system]}]}
    egress: [{toEntities: [kube-apiserver]}]
`;
const ingressDefaultDeny = policies`
  apiVersion: cilium.io/v2
  kind: CiliumClusterwideNetworkPolicy
  metadata: {name: default-deny-ingress}
  spec:
    endpointSelector: {}
    ingress: [{fromEntities: [host, health]}]
`;
const BASELINE_DNS = loadUpstream('homelab-ionfury/kubernetes/platform/config/network-policy/baselines/dns-egress.yaml');

describe('ccnp.dns-not-in-same-resource', () => {
  it('reports an egress default-deny CCNP without DNS, naming the resource that has it', () => {
    const alone = lint(egressDefaultDeny);
    expect(alone).toEqual([expect.objectContaining({ code: 'CNP007', path: 'spec/egress', severity: 'warning' })]);
    expect(alone[0].message).toContain('egress default-deny on for the pods it selects');
    const split = lint([...egressDefaultDeny, ...BASELINE_DNS]);
    expect(split[0].message).toContain('it lives in CiliumClusterwideNetworkPolicy baseline-dns-egress');
  });

  it('reports an ingress default-deny CCNP covering the DNS servers without an ingress allow on 53', () => {
    expect(lint(ingressDefaultDeny)).toEqual([expect.objectContaining({ path: 'spec/ingress', message: expect.stringContaining('ingress default-deny on for the cluster DNS servers') })]);
  });

  it('accepts CCNPs with DNS in the same resource, and CNPs', () => {
    expect(lint(loadUpstream('cilium-examples/kubernetes/servicemesh/policy/default-deny.yaml'))).toEqual([]);
    expect(lint(BASELINE_DNS)).toEqual([]);
    expect(lint(loadUpstream('cilium-examples/kubernetes-dns/dns-matchname.yaml'))).toEqual([]);
    // An ingress default-deny that does not select kube-dns pods cannot cut DNS.
    expect(lint(loadUpstream('cilium-examples/policies/kubernetes/clusterwide/clusterscope-policy.yaml'))).toEqual([]);
  });
});
