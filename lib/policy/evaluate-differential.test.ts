/**
 * The five cases where a differential test against Cilium's own code found the evaluator wrong
 * (docs/cnp-semantics-additions.md, rules 28-32). Each expectation names the Cilium function that decides it.
 */
import { describe, expect, it } from 'vitest';
import type { Flow } from '../flow/flow';
import { flowBetween, type FlowBetweenOptions } from '../testing/flow-builders';
import type { CiliumPolicy } from './cnp-types';
import { compilePolicies, type CompilePoliciesOptions } from './evaluate-compile';
import { evaluateFlow } from './evaluate-flow';
import { policies } from './testdata/upstream/load-upstream';

const verdictOf = (set: CiliumPolicy[], flow: Flow, options: CompilePoliciesOptions = {}) => evaluateFlow(flow, compilePolicies(set, options));
const ingress = (from: string, to: string, options: FlowBetweenOptions = {}) => flowBetween(from, to, { direction: 'INGRESS', ...options });
const egress = (from: string, to: string, options: FlowBetweenOptions = {}) => flowBetween(from, to, { direction: 'EGRESS', ...options });

/** A namespace-wide CNP in prod whose egress is the one rule given (inline YAML). */
const egressSet = (rule: string) => policies`
  apiVersion: cilium.io/v2
  kind: CiliumNetworkPolicy
  metadata: {name: p, namespace: prod}
  spec:
    endpointSelector: {}
    egress: [${rule}]
`;

const clusterDefaultDeny = policies`
  apiVersion: cilium.io/v2
  kind: CiliumClusterwideNetworkPolicy
  metadata: {name: default-deny}
  spec: {endpointSelector: {}, ingress: [{}]}
`;

describe('rule 28: allow-localhost', () => {
  const probe = ingress('reserved:host', 'prod/api', { port: 8080 });

  it('lets the local host reach local pods by default (auto becomes always in Kubernetes mode)', () => {
    expect(verdictOf(clusterDefaultDeny, probe)).toMatchObject({ allowed: true, reason: 'allow-localhost' });
    expect(verdictOf(clusterDefaultDeny, probe, { cluster: { allowLocalhost: 'auto' } })).toMatchObject({ allowed: true, reason: 'allow-localhost' });
  });

  it('subjects host traffic to policy with allow-localhost: policy', () => {
    expect(verdictOf(clusterDefaultDeny, probe, { cluster: { allowLocalhost: 'policy' } })).toMatchObject({ allowed: false, reason: 'default-deny' });
  });

  it('does not extend to remote nodes, to egress towards the host, or past a deny rule', () => {
    expect(verdictOf(clusterDefaultDeny, ingress('reserved:remote-node', 'prod/api', { port: 8080 })).allowed).toBe(false);
    const egressDeny = policies`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: p, namespace: prod}
      spec:
        endpointSelector: {}
        egress: [{}]
        ingressDeny: [{fromEntities: [host]}]
    `;
    expect(verdictOf(egressDeny, egress('prod/api', 'reserved:host', { port: 10250 })).allowed).toBe(false);
    expect(verdictOf(egressDeny, probe)).toMatchObject({ allowed: false, reason: 'denied-by' });
  });
});

describe('rule 29: a CNP endpointSelector naming another namespace (ParseToCiliumRule)', () => {
  const set = policies`
    apiVersion: cilium.io/v2
    kind: CiliumNetworkPolicy
    metadata: {name: p, namespace: prod}
    spec:
      endpointSelector: {matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system}}
      ingress: [{}]
  `;

  it('selects pods of the policy namespace: the namespace match is overwritten', () => {
    expect(verdictOf(set, ingress('prod/web', 'prod/api'))).toMatchObject({ allowed: false, reason: 'default-deny' });
  });

  it('never selects pods of the named namespace', () => {
    expect(verdictOf(set, ingress('prod/web', 'kube-system/coredns')).reason).toBe('no-policy-selects');
  });
});

describe('rule 30: an explicitly empty peer list (mergeEndpointSelectors)', () => {
  it('makes the whole rule select nothing, even next to a non-empty list', () => {
    expect(verdictOf(egressSet('{toEntities: [all], toEndpoints: []}'), egress('prod/web', 'prod/api'))).toMatchObject({ allowed: false, reason: 'default-deny' });
    expect(verdictOf(egressSet('{toEndpoints: [{}], toCIDR: []}'), egress('prod/web', 'prod/api'))).toMatchObject({ allowed: false });
    expect(verdictOf(egressSet('{toEntities: [], toPorts: [{ports: [{port: "80"}]}]}'), egress('prod/web', 'prod/api', { port: 80 })).allowed).toBe(false);
  });

  it('differs from an absent list', () => {
    expect(verdictOf(egressSet('{toEntities: [all]}'), egress('prod/web', 'prod/api'))).toMatchObject({ allowed: true, reason: 'allowed-by' });
  });

  it('applies to deny rules too: an empty list denies nothing', () => {
    const set = policies`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: p, namespace: prod}
      spec:
        endpointSelector: {}
        ingress: [{fromEntities: [all]}]
        ingressDeny: [{fromEntities: [all], fromCIDRSet: []}]
    `;
    expect(verdictOf(set, ingress('prod/web', 'prod/api')).allowed).toBe(true);
  });
});

describe('rule 32: toFQDNs: [] (not part of the empty-list check)', () => {
  it('with toPorts, resolves as an L4-only rule: every peer on those ports', () => {
    const rule = '{toFQDNs: [], toPorts: [{ports: [{port: "443", protocol: TCP}]}]}';
    expect(verdictOf(egressSet(rule), egress('prod/web', 'reserved:world', { port: 443, destinationIp: '1.2.3.4' }))).toMatchObject({ allowed: true, reason: 'allowed-by' });
    expect(verdictOf(egressSet(rule), egress('prod/web', 'prod/api', { port: 443 })).allowed).toBe(true);
    expect(verdictOf(egressSet(rule), egress('prod/web', 'prod/api', { port: 80 })).allowed).toBe(false);
  });

  it('without toPorts, selects nothing (an L3-only rule needs a selector)', () => {
    expect(verdictOf(egressSet('{toFQDNs: []}'), egress('prod/web', 'prod/api')).allowed).toBe(false);
  });
});

describe('rule 31: the cluster entity is the local cluster (InitEntities)', () => {
  const set = policies`
    apiVersion: cilium.io/v2
    kind: CiliumNetworkPolicy
    metadata: {name: p, namespace: prod}
    spec:
      endpointSelector: {}
      ingress: [{fromEntities: [cluster]}]
  `;
  const fromCluster = (name: string) => {
    const flow = ingress('prod/web', 'prod/api');
    const labels = flow.source.labels.map((l) => (l.startsWith('k8s:io.cilium.k8s.policy.cluster=') ? `k8s:io.cilium.k8s.policy.cluster=${name}` : l));
    return { ...flow, source: { ...flow.source, labels, clusterName: name } };
  };

  it('does not cover pods of another ClusterMesh cluster', () => {
    expect(verdictOf(set, fromCluster('other'))).toMatchObject({ allowed: false, reason: 'default-deny' });
  });

  it('covers pods of the local cluster, named by cilium-config cluster-name (default: default)', () => {
    expect(verdictOf(set, fromCluster('default')).allowed).toBe(true);
    expect(verdictOf(set, fromCluster('homelab'), { cluster: { clusterName: 'homelab' } }).allowed).toBe(true);
    expect(verdictOf(set, fromCluster('default'), { cluster: { clusterName: 'homelab' } }).allowed).toBe(false);
  });

  it('still covers the reserved in-cluster identities', () => {
    expect(verdictOf(set, ingress('reserved:remote-node', 'prod/api')).allowed).toBe(true);
  });
});
