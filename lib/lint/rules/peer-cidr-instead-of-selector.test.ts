import { describe, expect, it } from 'vitest';
import { lintPolicies } from '../run';
import { flowBetween } from '../../testing/flow-builders';
import type { Flow } from '../../flow/flow';
import { loadUpstream, policies } from '../../policy/testdata/upstream/load-upstream';

const CIDR = loadUpstream('cilium-examples/policies/l3/cidr/cidr.yaml');
const svc = { source: { labels: { app: 'myService' } } };
const lint = (flows: Flow[], set = CIDR) => lintPolicies(set, { flows }, { only: ['peer.cidr-instead-of-selector'] });

describe('peer.cidr-instead-of-selector', () => {
  it('reports a CIDR that covers an in-cluster pod (never matched by CIDR rules)', () => {
    const found = lint([flowBetween('default/my-service', 'data/postgres', { ...svc, port: 5432, destinationIp: '10.0.3.7', destination: { labels: { 'app.kubernetes.io/name': 'postgres' } } })]);
    expect(found).toEqual([expect.objectContaining({ code: 'CNP003', path: 'spec/egress[1]/toCIDRSet[0]/cidr' })]);
    expect(found[0].message).toContain('toEndpoints with {k8s:io.kubernetes.pod.namespace: data, app.kubernetes.io/name: postgres}');
  });

  it('reports a CIDR used for a named cloud endpoint, and a node entity', () => {
    const named = lint([flowBetween('default/my-service', 'reserved:world', { ...svc, port: 443, destinationIp: '20.1.1.1', destinationNames: ['api.example.com'] })]);
    expect(named).toEqual([expect.objectContaining({ path: 'spec/egress[0]/toCIDR[0]', message: expect.stringContaining('matchName api.example.com') })]);
    const host = lint([flowBetween('default/my-service', 'reserved:host', { ...svc, port: 10250, destinationIp: '10.0.0.5' })]);
    expect(host[0].message).toContain('toEntities: [host]');
  });

  it('checks ingress CIDRs against sources', () => {
    const set = policies`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: from-lan, namespace: web}
      spec:
        endpointSelector: {}
        ingress: [{fromCIDR: [10.0.0.0/16]}]
    `;
    const fromPod = { ...flowBetween('monitoring/prometheus', 'web/site', { direction: 'INGRESS', port: 9100 }), ip: { source: '10.0.1.10', destination: '10.0.2.20', sourceXlated: '', ipVersion: 'IPv4' as const, encrypted: false } };
    expect(lint([fromPod], set)).toEqual([expect.objectContaining({ path: 'spec/ingress[0]/fromCIDR[0]', message: expect.stringContaining('fromEndpoints') })]);
  });

  it('stays quiet for real outside peers without names, unselected sources and no flows', () => {
    expect(lint([flowBetween('default/my-service', 'reserved:world', { ...svc, port: 443, destinationIp: '20.1.1.1' })])).toEqual([]);
    expect(lint([flowBetween('default/other', 'data/postgres', { port: 5432, destinationIp: '10.0.3.7' })])).toEqual([]);
    expect(lint([])).toEqual([]);
  });
});
