import { describe, expect, it } from 'vitest';
import { lintPolicies } from '../run';
import { loadUpstream } from '../../policy/testdata/upstream/load-upstream';

const lint = (file: string) => lintPolicies(loadUpstream(file), {}, { only: ['ccnp.peer-namespace-missing'] });

describe('ccnp.peer-namespace-missing', () => {
  it('reports a CCNP peer selector without namespace (clusterscope-policy.yaml)', () => {
    expect(lint('cilium-examples/policies/kubernetes/clusterwide/clusterscope-policy.yaml')).toEqual([
      expect.objectContaining({ code: 'CNP005', path: 'spec/ingress[0]/fromEndpoints[0]', message: expect.stringContaining('fromEndpoints {name=luke}') }),
    ]);
  });

  it('accepts namespaced peers, namespace-label peers, {} and CNPs', () => {
    expect(lint('cilium-examples/kubernetes/servicemesh/policy/default-deny.yaml')).toEqual([]);
    expect(lint('homelab-ionfury/kubernetes/platform/config/network-policy/baselines/intra-namespace.yaml')).toEqual([]);
    expect(lint('homelab-ionfury/kubernetes/platform/config/network-policy/profiles/profile-isolated.yaml')).toEqual([]);
    expect(lint('cilium-examples/minikube/sw_l3_l4_policy.yaml')).toEqual([]);
  });
});
