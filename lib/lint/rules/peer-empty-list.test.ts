import { describe, expect, it } from 'vitest';
import { lintPolicies } from '../run';
import { policies } from '../../policy/testdata/upstream/load-upstream';

const lint = (rules: string) =>
  lintPolicies(policies`
    apiVersion: cilium.io/v2
    kind: CiliumNetworkPolicy
    metadata: {name: p, namespace: prod}
    spec:
      endpointSelector: {}
      ${rules}
  `, {}, { only: ['peer.empty-list'] });

describe('peer.empty-list', () => {
  it('reports an empty peer list that makes the rule select nothing (rule 30)', () => {
    const found = lint('egress: [{toEntities: [all], toEndpoints: []}]');
    expect(found).toEqual([expect.objectContaining({ code: 'CNP013', severity: 'warning', path: 'spec/egress[0]/toEndpoints' })]);
    expect(found[0].message).toContain('toEndpoints: [] makes this whole rule allow nothing');
    expect(lint('ingressDeny: [{fromCIDRSet: []}]')[0].message).toContain('makes this deny rule deny nothing');
  });

  it('reports toFQDNs: [] that opens its ports to every peer (rule 32)', () => {
    const found = lint('egress: [{toFQDNs: [], toPorts: [{ports: [{port: "443", protocol: TCP}]}]}]');
    expect(found).toEqual([expect.objectContaining({ path: 'spec/egress[0]/toFQDNs' })]);
    expect(found[0].message).toContain('every peer, world included');
  });

  it('accepts absent lists, non-empty lists, and toFQDNs: [] next to another peer', () => {
    expect(lint('egress: [{toEntities: [world], toPorts: [{ports: [{port: "443"}]}]}]')).toEqual([]);
    expect(lint('ingress: [{}]')).toEqual([]);
    expect(lint('egress: [{toFQDNs: [], toEndpoints: [{}], toPorts: [{ports: [{port: "443"}]}]}]')).toEqual([]);
  });
});
