import { describe, expect, it } from 'vitest';
import { flowBetween, type FlowBetweenOptions } from '../testing/flow-builders';
import type { Flow } from '../flow/flow';
import { compilePolicies } from './evaluate-compile';
import { evaluateFlow } from './evaluate-flow';
import { policies } from './testdata/upstream/load-upstream';
import type { CiliumPolicy } from './cnp-types';

const verdictOf = (set: CiliumPolicy[], flow: Flow) => evaluateFlow(flow, compilePolicies(set));
const ingress = (from: string, to: string, options: FlowBetweenOptions = {}) => flowBetween(from, to, { direction: 'INGRESS', ...options });
const egress = (from: string, to: string, options: FlowBetweenOptions = {}) => flowBetween(from, to, { direction: 'EGRESS', ...options });

const apiIngressOnly = policies`
  apiVersion: cilium.io/v2
  kind: CiliumNetworkPolicy
  metadata: {name: api, namespace: prod}
  spec:
    endpointSelector: {matchLabels: {app: api}}
    ingress:
      - fromEndpoints: [{matchLabels: {app: web}}]
        toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
`;

describe('evaluateFlow: selection and default deny', () => {
  it('allows a flow no policy selects', () => {
    expect(verdictOf(apiIngressOnly, ingress('prod/web', 'prod/db', { port: 5432 }))).toMatchObject({ allowed: true, reason: 'no-policy-selects' });
  });

  it('names the allowing rule and its path', () => {
    expect(verdictOf(apiIngressOnly, ingress('prod/web', 'prod/api', { port: 8080 }))).toEqual({
      allowed: true, reason: 'allowed-by', direction: 'INGRESS', policy: { name: 'api', namespace: 'prod', kind: 'CiliumNetworkPolicy' }, ruleIndex: 0, rulePath: 'spec/ingress[0]',
    });
  });

  it('default-denies another port and another peer in the selected direction', () => {
    expect(verdictOf(apiIngressOnly, ingress('prod/web', 'prod/api', { port: 9090 }))).toMatchObject({ allowed: false, reason: 'default-deny', policy: { name: 'api' } });
    expect(verdictOf(apiIngressOnly, ingress('prod/batch', 'prod/api', { port: 8080 }))).toMatchObject({ allowed: false, reason: 'default-deny' });
  });

  it('leaves the other direction open (default deny is per direction, §7)', () => {
    expect(verdictOf(apiIngressOnly, egress('prod/api', 'prod/db', { port: 5432 }))).toMatchObject({ allowed: true, reason: 'no-policy-selects' });
  });

  it('selects only pods of the CNP namespace (§1, §2)', () => {
    expect(verdictOf(apiIngressOnly, ingress('prod/web', 'staging/api', { port: 9090 })).reason).toBe('no-policy-selects');
    // The same app from another namespace is not the implicit same-namespace peer.
    expect(verdictOf(apiIngressOnly, ingress('staging/web', 'prod/api', { port: 8080 })).allowed).toBe(false);
  });

  it('treats ingress: [{}] as a rule that matches nothing but flips default deny (§10)', () => {
    const set = policies`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: deny-all, namespace: prod}
      spec: {endpointSelector: {}, ingress: [{}]}
    `;
    expect(verdictOf(set, ingress('prod/web', 'prod/api'))).toMatchObject({ allowed: false, reason: 'default-deny' });
  });

  it('enableDefaultDeny false only adds allows (§8)', () => {
    const set = policies`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: additive, namespace: prod}
      spec:
        endpointSelector: {matchLabels: {app: api}}
        enableDefaultDeny: {ingress: false}
        ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]
    `;
    expect(verdictOf(set, ingress('prod/web', 'prod/api'))).toMatchObject({ allowed: true, reason: 'allowed-by' });
    expect(verdictOf(set, ingress('prod/batch', 'prod/api'))).toMatchObject({ allowed: true, reason: 'no-policy-selects' });
    // A second selecting policy without the opt-out switches default deny on.
    const both = [...set, ...apiIngressOnly];
    expect(verdictOf(both, ingress('prod/batch', 'prod/api', { port: 8080 }))).toMatchObject({ allowed: false, reason: 'default-deny' });
  });

  it('lets replies through and never selects reserved subjects', () => {
    expect(verdictOf(apiIngressOnly, ingress('prod/batch', 'prod/api', { isReply: true }))).toMatchObject({ allowed: true, reason: 'reply' });
    const allPods = policies`
      apiVersion: cilium.io/v2
      kind: CiliumClusterwideNetworkPolicy
      metadata: {name: everything}
      spec: {endpointSelector: {}, egress: [{}], ingress: [{}]}
    `;
    expect(verdictOf(allPods, egress('reserved:host', 'prod/api'))).toMatchObject({ allowed: true, reason: 'no-policy-selects' });
    expect(verdictOf(allPods, egress('prod/api', 'reserved:host'))).toMatchObject({ allowed: false, reason: 'default-deny' });
  });

  it('judges a flow without direction at both ends', () => {
    const flow = flowBetween('prod/batch', 'prod/api', { direction: 'TRAFFIC_DIRECTION_UNKNOWN', port: 8080 });
    expect(verdictOf(apiIngressOnly, flow)).toMatchObject({ allowed: false, direction: 'INGRESS', reason: 'default-deny' });
  });
});

describe('evaluateFlow: deny rules, L4 wildcards, ports', () => {
  const set = policies`
    apiVersion: cilium.io/v2
    kind: CiliumNetworkPolicy
    metadata: {name: client, namespace: prod}
    spec:
      endpointSelector: {matchLabels: {app: client}}
      egress:
        - toPorts: [{ports: [{port: "443"}]}]
        - toEndpoints: [{matchLabels: {app: echo}}]
          toPorts: [{ports: [{port: "8000", endPort: 8100, protocol: TCP}], rules: {http: [{method: GET}]}}]
      egressDeny:
        - toEndpoints: [{matchLabels: {app: secret}}]
  `;

  it('deny wins over an L4-only allow that covers every peer (§9)', () => {
    expect(verdictOf(set, egress('prod/client', 'prod/secret', { port: 443 }))).toMatchObject({ allowed: false, reason: 'denied-by', rulePath: 'spec/egressDeny[0]' });
    expect(verdictOf(set, egress('prod/client', 'reserved:world', { port: 443, destinationIp: '1.1.1.1' }))).toMatchObject({ allowed: true, rulePath: 'spec/egress[0]' });
  });

  it('matches port ranges and ANY protocol, and notes L7 rules', () => {
    expect(verdictOf(set, egress('prod/client', 'prod/echo', { port: 8100 }))).toMatchObject({ allowed: true, rulePath: 'spec/egress[1]', notes: ['l7-rules'] });
    expect(verdictOf(set, egress('prod/client', 'prod/echo', { port: 8101 })).allowed).toBe(false);
    expect(verdictOf(set, egress('prod/client', 'prod/echo', { port: 8050, protocol: 'UDP' })).allowed).toBe(false);
    expect(verdictOf(set, egress('prod/client', 'prod/other', { port: 443, protocol: 'UDP' })).allowed).toBe(true);
    expect(verdictOf(set, egress('prod/client', 'prod/other', { port: 443, protocol: 'SCTP' })).allowed).toBe(true);
  });

  it('blocks ICMP under an L4 rule (§19)', () => {
    expect(verdictOf(set, egress('prod/client', 'prod/echo', { protocol: 'ICMPv4' })).allowed).toBe(false);
  });

  it('resolves named ports through the destination named-ports label, else matches nothing', () => {
    const named = policies`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: dns, namespace: prod}
      spec:
        endpointSelector: {}
        egress: [{toPorts: [{ports: [{port: dns, protocol: UDP}]}]}]
    `;
    const coredns = egress('prod/client', 'kube-system/coredns', { port: 53, protocol: 'UDP' });
    expect(verdictOf(named, coredns).allowed).toBe(false);
    const labelled = { ...coredns, destination: { ...coredns.destination, labels: [...coredns.destination.labels, 'gen:io.cilium.k8s.named-ports=dns.UDP.53_dns-tcp.TCP.53'] } };
    expect(verdictOf(named, labelled).allowed).toBe(true);
  });
});
