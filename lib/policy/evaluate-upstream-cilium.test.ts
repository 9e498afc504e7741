/** Evaluator against the cilium/cilium example policies (lib/policy/testdata/upstream/cilium-examples). */
import { describe, expect, it } from 'vitest';
import { flowBetween, type FlowBetweenOptions } from '../testing/flow-builders';
import type { Flow } from '../flow/flow';
import { compilePolicies } from './evaluate-compile';
import { evaluateFlow } from './evaluate-flow';
import { loadUpstream } from './testdata/upstream/load-upstream';

const EX = 'cilium-examples';
const judge = (files: string[], flow: Flow) => evaluateFlow(flow, compilePolicies(files.flatMap((f) => loadUpstream(`${EX}/${f}`))));
const allowed = (files: string[], flow: Flow) => judge(files, flow).allowed;
const ingress = (from: string, to: string, o: FlowBetweenOptions = {}) => flowBetween(from, to, { direction: 'INGRESS', ...o });
const egress = (from: string, to: string, o: FlowBetweenOptions = {}) => flowBetween(from, to, { direction: 'EGRESS', ...o });
const withSourceIp = (flow: Flow, ip: string): Flow => ({ ...flow, ip: { ...flow.ip, source: ip } });

const ship = (name: string, org: string) => ({ labels: { org, class: name, 'app.kubernetes.io/name': name } });
const SHIPS = { tiefighter: ship('tiefighter', 'empire'), xwing: ship('xwing', 'alliance'), deathstar: ship('deathstar', 'empire') };
type Ship = keyof typeof SHIPS;
const landing = (from: Ship, to: Ship, port = 80) =>
  ingress(`default/${from}`, `default/${to}`, { port, source: SHIPS[from], destination: SHIPS[to] });

describe('Star Wars demo (minikube/sw_*.yaml)', () => {
  const L34 = ['minikube/sw_l3_l4_policy.yaml'];

  it('lets the empire land on the deathstar on 80 and keeps the alliance out', () => {
    expect(judge(L34, landing('tiefighter', 'deathstar'))).toMatchObject({ allowed: true, reason: 'allowed-by', policy: { name: 'rule1', namespace: 'default' } });
    expect(judge(L34, landing('xwing', 'deathstar'))).toMatchObject({ allowed: false, reason: 'default-deny' });
    expect(allowed(L34, landing('tiefighter', 'deathstar', 8080))).toBe(false);
  });

  it('does not touch endpoints the policy does not select', () => {
    expect(judge(L34, landing('xwing', 'tiefighter')).reason).toBe('no-policy-selects');
  });

  it('allows the L7 policy at L3/L4 and says so', () => {
    expect(judge(['minikube/sw_l3_l4_l7_policy.yaml'], landing('tiefighter', 'deathstar'))).toMatchObject({ allowed: true, notes: ['l7-rules'] });
  });

  it('empire default deny (ingress: [{}]) closes the tiefighter but keeps rule1 open', () => {
    const both = ['minikube/sw_deny_policy.yaml', ...L34];
    expect(judge(both, landing('xwing', 'tiefighter'))).toMatchObject({ allowed: false, reason: 'default-deny', policy: { name: 'empire-default-deny' } });
    expect(allowed(both, landing('tiefighter', 'deathstar'))).toBe(true);
  });
});

describe('toFQDNs (kubernetes-dns/*.yaml)', () => {
  const mediabot = { source: { labels: { org: 'empire', class: 'mediabot' } } };
  const toWorld = (names: string[], port = 443) => egress('default/mediabot', 'reserved:world', { ...mediabot, port, destinationIp: '140.82.112.6', destinationNames: names });

  it('matchPattern *.github.com covers one label only', () => {
    const file = ['kubernetes-dns/dns-pattern.yaml'];
    expect(allowed(file, toWorld(['api.github.com']))).toBe(true);
    expect(allowed(file, toWorld(['API.GitHub.com.']))).toBe(true);
    expect(allowed(file, toWorld(['github.com']))).toBe(false);
    expect(allowed(file, toWorld(['a.b.github.com']))).toBe(false);
    expect(allowed(file, toWorld([]))).toBe(false);
  });

  it('applies toPorts to the FQDN rule and allows the DNS companion', () => {
    const file = ['kubernetes-dns/dns-port.yaml'];
    expect(allowed(file, toWorld(['api.github.com'], 443))).toBe(true);
    expect(allowed(file, toWorld(['api.github.com'], 80))).toBe(false);
    const dns = (port: number) => egress('default/mediabot', 'kube-system/coredns', { ...mediabot, port, protocol: 'UDP', destination: { labels: { 'k8s-app': 'kube-dns' } } });
    expect(judge(file, dns(53))).toMatchObject({ allowed: true, rulePath: 'spec/egress[1]', notes: ['l7-rules'] });
    expect(allowed(file, dns(54))).toBe(false);
  });

  it('matchName matches the literal name only', () => {
    const file = ['kubernetes-dns/dns-matchname.yaml'];
    expect(allowed(file, toWorld(['api.github.com']))).toBe(true);
    expect(allowed(file, toWorld(['uploads.github.com']))).toBe(false);
  });
});

describe('L3/L4 examples (policies/l3, policies/l4)', () => {
  const svc = { source: { labels: { app: 'myService' } } };
  const out = (ip: string, port = 80, protocol: FlowBetweenOptions['protocol'] = 'TCP') =>
    egress('default/my-service', 'reserved:world', { ...svc, port, protocol, destinationIp: ip });

  it('CIDR and CIDRSet with except, outside the cluster only (cidr.yaml)', () => {
    const file = ['policies/l3/cidr/cidr.yaml'];
    expect(allowed(file, out('20.1.1.1'))).toBe(true);
    expect(allowed(file, out('20.1.1.2'))).toBe(false);
    expect(allowed(file, out('10.1.2.3'))).toBe(true);
    expect(allowed(file, out('10.96.0.10'))).toBe(false);
    const pod = egress('default/my-service', 'default/db', { ...svc, destinationIp: '10.1.2.3' });
    expect(allowed(file, pod)).toBe(false);
  });

  it('endPort ranges (l4_port_range.yaml)', () => {
    const file = ['policies/l4/l4_port_range.yaml'];
    expect(allowed(file, out('1.1.1.1', 444))).toBe(true);
    expect(allowed(file, out('1.1.1.1', 445))).toBe(false);
    expect(allowed(file, out('1.1.1.1', 443, 'UDP'))).toBe(false);
  });

  it('ICMP by number and by name, per family (icmp.yaml)', () => {
    const file = ['policies/l4/icmp.yaml'];
    const ping = (protocol: 'ICMPv4' | 'ICMPv6', type: number): Flow => {
      const f = out('1.1.1.1', 0, protocol);
      return { ...f, l4: { protocol, type, code: 0 } };
    };
    expect(allowed(file, ping('ICMPv4', 8))).toBe(true);
    expect(allowed(file, ping('ICMPv6', 128))).toBe(true);
    expect(allowed(file, ping('ICMPv4', 0))).toBe(false);
    expect(allowed(file, out('1.1.1.1', 80))).toBe(false);
  });

  it('egressDeny beats toEntities: all (egress-deny.yaml)', () => {
    const file = ['policies/l3/egress-deny/egress-deny.yaml'];
    const from = { source: { labels: { role: 'frontend' } } };
    expect(judge(file, egress('default/frontend', 'default/backend', { ...from, destination: { labels: { role: 'backend' } } }))).toMatchObject({ allowed: false, reason: 'denied-by' });
    expect(allowed(file, egress('default/frontend', 'reserved:world', { ...from, destinationIp: '8.8.8.8' }))).toBe(true);
  });

  it('world versus cluster entities (world.yaml, from_world_deny.yaml, apiserver.yaml)', () => {
    const pub = { destination: { labels: { role: 'public' } } };
    const fromWorld = withSourceIp(ingress('reserved:world', 'default/site', pub), '203.0.113.9');
    expect(allowed(['policies/l3/entities/world.yaml'], fromWorld)).toBe(true);
    expect(allowed(['policies/l3/entities/world.yaml'], ingress('default/x', 'default/site', pub))).toBe(false);
    expect(judge(['policies/l3/entities/from_world_deny.yaml'], fromWorld)).toMatchObject({ allowed: false, reason: 'denied-by' });
    expect(allowed(['policies/l3/entities/from_world_deny.yaml'], ingress('other/x', 'default/site', pub))).toBe(true);
    const dev = { source: { labels: { env: 'dev' } } };
    expect(allowed(['policies/l3/entities/apiserver.yaml'], egress('default/dev', 'reserved:kube-apiserver', dev))).toBe(true);
    expect(allowed(['policies/l3/entities/apiserver.yaml'], egress('default/dev', 'reserved:host', dev))).toBe(false);
  });
});
