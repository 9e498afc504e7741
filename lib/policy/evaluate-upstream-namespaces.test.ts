/** Namespace scoping, CCNPs and cilium-cli connectivity manifests (lib/policy/testdata/upstream/cilium-examples). */
import { describe, expect, it } from 'vitest';
import { flowBetween, type EndpointOptions, type FlowBetweenOptions } from '../testing/flow-builders';
import type { Flow } from '../flow/flow';
import { compilePolicies } from './evaluate-compile';
import { evaluateFlow } from './evaluate-flow';
import { loadUpstream } from './testdata/upstream/load-upstream';

const judge = (files: string[], flow: Flow) => evaluateFlow(flow, compilePolicies(files.flatMap((f) => loadUpstream(`cilium-examples/${f}`))));
const allowed = (files: string[], flow: Flow) => judge(files, flow).allowed;
const ingress = (from: string, to: string, o: FlowBetweenOptions = {}) => flowBetween(from, to, { direction: 'INGRESS', ...o });
const egress = (from: string, to: string, o: FlowBetweenOptions = {}) => flowBetween(from, to, { direction: 'EGRESS', ...o });
const labels = (l: Record<string, string>): EndpointOptions => ({ labels: l });
const KUBE_DNS = labels({ 'k8s-app': 'kube-dns' });

describe('namespace scoping (policies/kubernetes/namespace)', () => {
  it('a CNP peer in another namespace needs the namespace label (namespace-policy.yaml)', () => {
    const file = ['policies/kubernetes/namespace/namespace-policy.yaml'];
    const flow = (fromNs: string) => ingress(`${fromNs}/luke`, 'ns1/leia', { source: labels({ name: 'luke' }), destination: labels({ name: 'leia' }) });
    expect(allowed(file, flow('ns2'))).toBe(true);
    expect(allowed(file, flow('ns3'))).toBe(false);
    expect(allowed(file, flow('ns1'))).toBe(false);
  });

  it('fromEndpoints: [{}] in a CNP means its own namespace (isolate-namespaces.yaml)', () => {
    const file = ['policies/kubernetes/namespace/isolate-namespaces.yaml'];
    expect(allowed(file, ingress('ns1/a', 'ns1/b'))).toBe(true);
    expect(allowed(file, ingress('ns2/a', 'ns1/b'))).toBe(false);
  });

  it('namespace-label peers are not pinned to the policy namespace (namespace-labels-policy.yaml)', () => {
    const file = ['policies/kubernetes/namespace/namespace-labels-policy.yaml'];
    const from = (faction: string) =>
      ingress('rebels/xwing', 'default/base', { source: labels({ 'io.cilium.k8s.namespace.labels.faction': faction }), destination: labels({ name: 'rebel-base' }) });
    expect(allowed(file, from('alliance'))).toBe(true);
    expect(allowed(file, from('empire'))).toBe(false);
  });

  it('an empty endpointSelector selects every pod of the namespace (kubedns-policy.yaml)', () => {
    const file = ['policies/kubernetes/namespace/kubedns-policy.yaml'];
    expect(allowed(file, egress('public/web', 'kube-system/coredns', { port: 53, protocol: 'UDP', destination: KUBE_DNS }))).toBe(true);
    expect(allowed(file, egress('public/web', 'kube-system/coredns', { port: 53, protocol: 'TCP', destination: KUBE_DNS }))).toBe(false);
    expect(judge(file, egress('private/web', 'reserved:world')).reason).toBe('no-policy-selects');
  });

  it('matchExpressions AND within a selector, OR across selectors (match-expressions/*.yaml)', () => {
    const strict = labels({ 'cilium.example.com/policy': 'strict' });
    const and = ['policies/l3/match-expressions/and-statement.yaml'];
    const or = ['policies/l3/match-expressions/or-statement.yaml'];
    expect(allowed(and, ingress('production/a', 'default/b', { source: strict }))).toBe(true);
    expect(allowed(and, ingress('production/a', 'default/b'))).toBe(false);
    expect(allowed(and, ingress('staging/a', 'default/b', { source: strict }))).toBe(false);
    expect(allowed(or, ingress('production/a', 'default/b'))).toBe(true);
    // The second selector names no namespace, so the CNP's own (`default`) is implied (§2).
    expect(allowed(or, ingress('default/a', 'default/b', { source: strict }))).toBe(true);
    expect(allowed(or, ingress('staging/a', 'default/b', { source: strict }))).toBe(false);
  });
});

describe('CiliumClusterwideNetworkPolicy', () => {
  it('selects and peers across namespaces (clusterscope-policy.yaml)', () => {
    const file = ['policies/kubernetes/clusterwide/clusterscope-policy.yaml'];
    const flow = (peer: string) => ingress('ns2/peer', 'ns1/leia', { source: labels({ name: peer }), destination: labels({ name: 'leia' }) });
    expect(judge(file, flow('luke'))).toMatchObject({ allowed: true, policy: { kind: 'CiliumClusterwideNetworkPolicy', namespace: '' } });
    expect(allowed(file, flow('han'))).toBe(false);
  });

  it('an empty CCNP peer selector means every pod, but no reserved identity (wildcard-from-endpoints.yaml)', () => {
    const file = ['policies/kubernetes/clusterwide/wildcard-from-endpoints.yaml'];
    const toDns = (from: string, protocol: 'UDP' | 'TCP' = 'UDP') => ingress(from, 'kube-system/coredns', { port: 53, protocol, destination: KUBE_DNS });
    expect(allowed(file, toDns('anywhere/app'))).toBe(true);
    expect(allowed(file, toDns('anywhere/app', 'TCP'))).toBe(false);
    expect(evaluateFlow(toDns('reserved:host'), compilePolicies(loadUpstream(`cilium-examples/${file[0]}`), { cluster: { allowLocalhost: 'policy' } })).allowed).toBe(false);
    // With allow-localhost auto/always (the default), the local host reaches the pod anyway (rule 28).
    expect(judge(file, toDns('reserved:host'))).toMatchObject({ allowed: true, reason: 'allow-localhost' });
  });

  it('cluster default-deny keeps DNS in the same resource (kubernetes/servicemesh/policy/default-deny.yaml)', () => {
    const file = ['kubernetes/servicemesh/policy/default-deny.yaml'];
    expect(allowed(file, egress('shop/web', 'kube-system/coredns', { port: 53, protocol: 'UDP', destination: KUBE_DNS }))).toBe(true);
    expect(allowed(file, egress('shop/web', 'kube-system/coredns', { port: 53, protocol: 'TCP', destination: KUBE_DNS }))).toBe(false);
    expect(judge(file, egress('shop/web', 'reserved:world', { port: 443 }))).toMatchObject({ allowed: false, reason: 'default-deny' });
    expect(judge(file, egress('kube-system/coredns', 'reserved:world', { port: 53 })).reason).toBe('no-policy-selects');
    // Egress only: ingress stays open (§11).
    expect(judge(file, ingress('reserved:world', 'shop/web')).reason).toBe('no-policy-selects');
  });

  it('names the peer namespace explicitly (cilium-cli allow-egress-specific-ns-ccnp.yaml)', () => {
    const file = ['cilium-cli-connectivity/connectivity/builder/manifests/allow-egress-specific-ns-ccnp.yaml'];
    const client = labels({ kind: 'ccnp' });
    expect(allowed(file, egress('cilium-test-ccnp1/client', 'cilium-test-ccnp2/echo', { source: client }))).toBe(true);
    expect(allowed(file, egress('cilium-test-ccnp1/client', 'cilium-test-ccnp1/echo', { source: client }))).toBe(false);
    expect(judge(file, egress('cilium-test-ccnp2/client', 'cilium-test-ccnp1/echo', { source: client })).reason).toBe('no-policy-selects');
  });
});

describe('cilium-cli connectivity manifests', () => {
  const M = 'cilium-cli-connectivity/connectivity/builder/manifests/';
  const client = labels({ kind: 'client' });

  it('egressDeny port range, and deny rules alone switch default deny on (§9)', () => {
    const file = [`${M}client-egress-to-echo-deny-port-range.yaml`];
    const toEcho = (port: number) => egress('default/client', 'cilium-test/echo', { port, source: client, destination: labels({ kind: 'echo' }) });
    expect(judge(file, toEcho(8080))).toMatchObject({ allowed: false, reason: 'denied-by' });
    expect(judge(file, toEcho(80))).toMatchObject({ allowed: false, reason: 'default-deny' });
  });

  it('world entity with a port range, DNS by expressions (client-egress-to-entities-world-port-range.yaml)', () => {
    const file = [`${M}client-egress-to-entities-world-port-range.yaml`];
    expect(allowed(file, egress('default/client', 'reserved:world', { port: 127, source: client }))).toBe(true);
    expect(allowed(file, egress('default/client', 'reserved:world', { port: 128, source: client }))).toBe(false);
    expect(allowed(file, egress('default/client', 'kube-system/coredns', { port: 53, protocol: 'UDP', source: client, destination: KUBE_DNS }))).toBe(true);
  });

  it('cluster entity covers pods and nodes, not world (allow-cluster-entity.yaml)', () => {
    const file = [`${M}allow-cluster-entity.yaml`];
    for (const peer of ['other/pod', 'reserved:remote-node', 'reserved:kube-apiserver', 'reserved:host', 'reserved:health']) {
      expect(allowed(file, egress('default/client', peer, { source: client }))).toBe(true);
    }
    expect(allowed(file, egress('default/client', 'reserved:world', { source: client }))).toBe(false);
  });

  it('allow-all-except-world.yaml: cluster pods yes, world only on 53', () => {
    const file = [`${M}allow-all-except-world.yaml`];
    expect(allowed(file, egress('default/a', 'elsewhere/b', { port: 9000 }))).toBe(true);
    expect(allowed(file, egress('default/a', 'reserved:world', { port: 443 }))).toBe(false);
    expect(allowed(file, egress('default/a', 'reserved:world', { port: 53, protocol: 'UDP' }))).toBe(true);
    expect(allowed(file, ingress('reserved:remote-node', 'default/a'))).toBe(true);
    expect(allowed(file, ingress('reserved:world', 'default/a'))).toBe(false);
  });

  it('ICMP per family (client-egress-icmp.yaml)', () => {
    const file = [`${M}client-egress-icmp.yaml`];
    const ping = egress('default/client', 'other/echo', { protocol: 'ICMPv4', source: client });
    expect(allowed(file, ping)).toBe(true);
    expect(allowed(file, { ...ping, l4: { protocol: 'ICMPv6', type: 128, code: 0 } })).toBe(true);
    expect(allowed(file, { ...ping, l4: { protocol: 'ICMPv6', type: 8, code: 0 } })).toBe(false);
  });
});
