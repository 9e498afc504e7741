/**
 * Lockstep's own CiliumNetworkPolicy, as rendered by each overlay (alone and with the ServiceMonitor component),
 * replayed through Lockstep's evaluator and linter: the flows Lockstep makes are all allowed by the lockstep
 * policy, the flows it must not make are all denied, and the policy passes Lockstep's own lint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePolicies } from '../lib/policy/evaluate-compile';
import { evaluateFlow } from '../lib/policy/evaluate-flow';
import type { CiliumPolicy } from '../lib/policy/cnp-types';
import { flowBetween, type FlowBetweenOptions } from '../lib/testing/flow-builders';
import { lintPolicies } from '../lib/lint/run';
import type { Flow } from '../lib/flow/flow';
import { configData, container, ofKind, one, podLabels, Renderings, VARIANTS, type Variant } from './rendered-variants';

const renderings = new Renderings();
beforeAll(() => renderings.renderAll());
afterAll(() => renderings.cleanup());
const objs = (v: Variant) => renderings.get(v);

const LOCKSTEP = 'lockstep/lockstep';
const TRAEFIK = { 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': 'traefik-traefik' };

/** Flows from/to the Lockstep pod, which carries the rendered Deployment's pod labels. */
function flowsOf(labels: Record<string, string>) {
  const egress = (to: string, options: FlowBetweenOptions = {}): Flow => flowBetween(LOCKSTEP, to, { verdict: 'AUDIT', ...options, direction: 'EGRESS', source: { labels } });
  const ingress = (from: string, options: FlowBetweenOptions = {}): Flow => flowBetween(from, LOCKSTEP, { verdict: 'AUDIT', ...options, direction: 'INGRESS', destination: { labels } });
  const relay = (port: number) => egress('kube-system/hubble-relay', { port, destination: { labels: { 'k8s-app': 'hubble-relay' } } });
  const dns = (protocol: 'UDP' | 'TCP') => egress('kube-system/coredns', { port: 53, protocol, destination: { labels: { 'k8s-app': 'kube-dns' } } });
  const world = (port: number, names: string[], ip = '140.82.121.6') => egress('reserved:world', { port, destinationNames: names, destinationIp: ip });
  const postgres = (ns: string, port: number) => egress(`${ns}/postgresql`, { port, destination: { labels: { 'app.kubernetes.io/name': 'postgresql' } } });
  const prometheus = () => ingress('monitoring/prometheus', { port: 3000, source: { labels: { 'app.kubernetes.io/name': 'prometheus' } } });
  return {
    /** What Lockstep does in every variant. */
    made: {
      'egress to hubble-relay on its container port 4245': relay(4245),
      'egress to the kube-apiserver entity on 6443': egress('reserved:kube-apiserver', { port: 6443 }),
      'egress to the kube-apiserver entity on 443': egress('reserved:kube-apiserver', { port: 443 }),
      'DNS over UDP to kube-dns': dns('UDP'),
      'DNS over TCP to kube-dns': dns('TCP'),
      'egress to api.github.com:443 (destination_names)': world(443, ['api.github.com']),
      'ingress from Traefik on 3000': ingress('traefik/traefik', { port: 3000, source: { labels: TRAEFIK } }),
      'ingress from the host (kubelet probes) on 3000': ingress('reserved:host', { port: 3000 }),
    },
    postgres: postgres('database', 5432),
    prometheus: prometheus(),
    /** What Lockstep must never be allowed, in any variant. */
    forbidden: {
      'egress to world:443 without the GitHub name': world(443, [], '203.0.113.10'),
      'egress to another FQDN on 443': world(443, ['evil.example.com'], '203.0.113.11'),
      'egress to api.github.com on 80': world(80, ['api.github.com']),
      'egress to hubble-relay on its Service port 80': relay(80),
      'egress to hubble-relay on its Service port 443': relay(443),
      'egress to a random pod': egress('default/nginx', { port: 80 }),
      'egress to the kubelet on the host (10250)': egress('reserved:host', { port: 10250 }),
      'DNS to an outside resolver': world(53, [], '8.8.8.8'),
      'egress to a PostgreSQL in another namespace': postgres('other', 5432),
      'ingress from a Traefik-labelled pod in another namespace': ingress('evil/traefik', { port: 3000, source: { labels: TRAEFIK } }),
      'ingress from another namespace’s pod': ingress('default/curl', { port: 3000 }),
      'ingress from Traefik on another port': ingress('traefik/traefik', { port: 9229, source: { labels: TRAEFIK } }),
      'ingress from the world': ingress('reserved:world', { port: 3000 }),
    } as Record<string, Flow>,
  };
}

describe.each(VARIANTS)('Lockstep’s CiliumNetworkPolicy ($name)', (v) => {
  const verdicts = (flows: Record<string, Flow>) => {
    // `allow-localhost: policy`, the strictest setting: kubelet probes must pass by a rule of the policy, not only
    // because the default (`always`) lets the host through.
    const policies = compilePolicies(ofKind(objs(v), 'CiliumNetworkPolicy') as unknown as CiliumPolicy[], { cluster: { allowLocalhost: 'policy' } });
    return Object.entries(flows).map(([name, flow]) => ({ name, ...evaluateFlow(flow, policies) }));
  };
  const flows = () => flowsOf(podLabels(objs(v)));

  it('allows every flow Lockstep makes, each by a rule of the lockstep policy', () => {
    const f = flows();
    const made = { ...f.made, ...(v.overlay === 'postgres' ? { 'egress to PostgreSQL on 5432': f.postgres } : {}), ...(v.serviceMonitor ? { 'ingress from Prometheus on 3000': f.prometheus } : {}) };
    const results = verdicts(made);
    expect(results).toHaveLength(Object.keys(made).length);
    // `allowed-by`, not `no-policy-selects`: a selector that missed the pod would also "allow" everything.
    expect(results.filter((r) => !(r.allowed && r.reason === 'allowed-by' && r.policy?.name === 'lockstep'))).toEqual([]);
  });

  it('denies the flows Lockstep must not make', () => {
    const f = flows();
    const forbidden = { ...f.forbidden, ...(v.overlay === 'sqlite' ? { 'egress to PostgreSQL without the postgres overlay': f.postgres } : {}), ...(v.serviceMonitor ? {} : { 'ingress from Prometheus without the servicemonitor component': f.prometheus }) };
    const results = verdicts(forbidden);
    expect(results.filter((r) => r.allowed || r.reason !== 'default-deny')).toEqual([]);
  });

  it('passes Lockstep’s own lint (DNS companion for toFQDNs, container ports not Service ports, host probes, stable labels)', () => {
    const cnps = ofKind(objs(v), 'CiliumNetworkPolicy') as unknown as CiliumPolicy[];
    const services = [
      { name: 'lockstep', namespace: 'lockstep', ports: [{ port: 80, targetPort: 3000, protocol: 'TCP', name: 'http' }], selector: podLabels(objs(v)) },
      // The Cilium chart's relay Service: 80 plaintext, 443 with hubble.relay.tls.server.enabled, both to 4245.
      { name: 'hubble-relay', namespace: 'kube-system', ports: [{ port: 80, targetPort: 4245 }, { port: 443, targetPort: 4245 }], selector: { 'k8s-app': 'hubble-relay' } },
      { name: 'kube-dns', namespace: 'kube-system', ports: [{ port: 53, targetPort: 53, protocol: 'UDP' }, { port: 53, targetPort: 53, protocol: 'TCP' }], selector: { 'k8s-app': 'kube-dns' } },
    ];
    expect(lintPolicies(cnps, { services })).toEqual([]);
  });

  it('uses container ports: 3000 in, 4245 to the relay, whatever Service port HUBBLE_RELAY_ADDR names', () => {
    const o = objs(v);
    const cnp = one(o, 'CiliumNetworkPolicy') as unknown as { spec: { ingress: { toPorts: { ports: { port: string }[] }[] }[]; egress: { toEndpoints?: { matchLabels: Record<string, string> }[]; toPorts: { ports: { port: string }[] }[] }[] } };
    const ingressPorts = new Set(cnp.spec.ingress.flatMap((r) => r.toPorts.flatMap((p) => p.ports.map((x) => x.port))));
    expect([...ingressPorts]).toEqual([String(container(o).ports[0].containerPort)]);
    const relayRule = cnp.spec.egress.find((r) => r.toEndpoints?.some((e) => e.matchLabels['k8s:k8s-app'] === 'hubble-relay'));
    expect(relayRule?.toPorts.flatMap((p) => p.ports.map((x) => x.port))).toEqual(['4245']);
    expect(configData(o).HUBBLE_RELAY_ADDR).toMatch(/^(tls:\/\/)?hubble-relay\.kube-system\.svc[.a-z]*:(80|443)$/);
  });
});
