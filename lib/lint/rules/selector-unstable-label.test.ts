import { describe, expect, it } from 'vitest';
import { lintPolicies } from '../run';
import { loadUpstream, policies } from '../../policy/testdata/upstream/load-upstream';

const lint = (input: Parameters<typeof lintPolicies>[0]) => lintPolicies(input, {}, { only: ['selector.unstable-label'] });

describe('selector.unstable-label', () => {
  it('reports per-pod and per-revision labels in subjects and peers', () => {
    const found = lint(policies`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: db, namespace: data}
      spec:
        endpointSelector:
          matchLabels: {app: postgres, "statefulset.kubernetes.io/pod-name": postgres-0}
        ingress:
          - fromEndpoints:
              - matchLabels: {app: api, "k8s:pod-template-hash": 7d4b9c8f6}
              - matchExpressions: [{key: batch.kubernetes.io/job-name, operator: In, values: [migrate-28901]}]
    `);
    expect(found.map((p) => p.path)).toEqual([
      'spec/endpointSelector/matchLabels/statefulset.kubernetes.io~1pod-name',
      'spec/ingress[0]/fromEndpoints[0]/matchLabels/k8s:pod-template-hash',
      'spec/ingress[0]/fromEndpoints[1]/matchExpressions[0]/key',
    ]);
    expect(found[0]).toMatchObject({ code: 'CNP006', severity: 'warning', message: expect.stringContaining('next replica') });
  });

  it('accepts stable labels and presence tests (io.cilium.k8s.policy.cluster Exists)', () => {
    expect(lint(loadUpstream('homelab-mortennordbye/k8s/talos/apps/blog/ciliumnetworkpolicy.yaml'))).toEqual([]);
    expect(lint(loadUpstream('cilium-examples/cilium-cli-connectivity/connectivity/builder/manifests/allow-all-except-world.yaml'))).toEqual([]);
  });
});
