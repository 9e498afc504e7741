import { describe, expect, it } from 'vitest';
import { lintPolicies } from '../run';
import { loadUpstream, policies } from '../../policy/testdata/upstream/load-upstream';

describe('to-services.with-to-ports', () => {
  it('reports toServices combined with toPorts', () => {
    const found = lintPolicies(policies`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: svc, namespace: app}
      spec:
        endpointSelector: {matchLabels: {app: web}}
        egress:
          - toServices: [{k8sService: {serviceName: legacy-db, namespace: app}}]
            toPorts: [{ports: [{port: "5432", protocol: TCP}]}]
    `, {}, { only: ['to-services.with-to-ports'] });
    expect(found).toEqual([expect.objectContaining({ code: 'CNP012', path: 'spec/egress[0]/toServices' })]);
  });

  it('accepts the upstream toServices example (no toPorts)', () => {
    expect(lintPolicies(loadUpstream('cilium-examples/policies/l3/service/service.yaml'), {}, { only: ['to-services.with-to-ports'] })).toEqual([]);
  });
});
