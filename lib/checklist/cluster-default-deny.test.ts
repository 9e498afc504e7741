import { describe, expect, it } from 'vitest';
import type { CiliumPolicy } from '../policy/cnp-types';
import { defaultDenyCcnp } from '../policy/default-deny-ccnp';
import { cnp } from '../testing/checklist-builders';
import { clusterDefaultDenies } from './cluster-default-deny';

describe('clusterDefaultDenies', () => {
  it('finds the step-8 CCNP: covers every namespace but kube-system, new ones too, DNS in the same resource', () => {
    expect(clusterDefaultDenies([defaultDenyCcnp()], 'blog')).toEqual([{ name: 'lockstep-default-deny', coversNamespace: true, coversNewNamespaces: true, dnsInSameResource: true }]);
    expect(clusterDefaultDenies([defaultDenyCcnp()], 'kube-system')[0]).toMatchObject({ coversNamespace: false, coversNewNamespaces: true });
  });

  it('ignores CNPs, label-selective CCNPs and CCNPs without rules', () => {
    const selective: CiliumPolicy = { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 's' }, spec: { endpointSelector: { matchLabels: { app: 'x' } }, ingress: [{}] } };
    const ruleless: CiliumPolicy = { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'r' }, spec: { endpointSelector: {} } };
    expect(clusterDefaultDenies([cnp('p', 'blog', {}), selective, ruleless], 'blog')).toEqual([]);
  });

  it('reports an egress default-deny without DNS', () => {
    const noDns: CiliumPolicy = { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'n' }, spec: { endpointSelector: {}, egress: [{ toEntities: ['world'] }] } };
    expect(clusterDefaultDenies([noDns], 'blog')).toEqual([{ name: 'n', coversNamespace: true, coversNewNamespaces: true, dnsInSameResource: false }]);
  });
});
