/**
 * One test per rule of shared/reference/cnp-semantics.md that concerns synthesis (§ numbers), plus the
 * "what other generators get wrong" list. Every policy produced here is validated against the CRD.
 */
import { describe, expect, it } from 'vitest';
import { extractFindings } from '../findings/extract-findings';
import { isUnstableLabelKey } from '../findings/stable-labels';
import type { Flow } from '../flow/flow';
import { dnsFlow, flowBetween } from '../testing/flow-builders';
import { expectValidCnp } from '../testing/cnp-schema';
import type { CiliumNetworkPolicy, EgressRule, IngressRule } from './cnp-types';
import { demoFlows, POSTGRES, WEBAPP } from './testdata/demo-scenario';
import type { SynthesizeOptions } from './suggested-policy';
import { synthesizeChecked as synthesizePolicies } from './testdata/synthesize-checked';
import { policiesToYaml } from './to-yaml';

function suggest(flows: Flow[], options: SynthesizeOptions = {}): CiliumNetworkPolicy[] {
  const policies = synthesizePolicies(extractFindings(flows).findings, options).policies.map((p) => p.policy);
  policies.forEach(expectValidCnp);
  return policies;
}

const rules = (p: CiliumNetworkPolicy): (IngressRule & EgressRule)[] => [...(p.spec?.ingress ?? []), ...(p.spec?.egress ?? [])];
const demo = suggest(demoFlows());
const byName = (name: string) => demo.find((p) => p.metadata.name === name)!;
const allSelectors = (p: CiliumNetworkPolicy) => [p.spec!.endpointSelector!, ...rules(p).flatMap((r) => [...(r.fromEndpoints ?? []), ...(r.toEndpoints ?? [])])];

describe('cnp-semantics.md, selection and namespaces', () => {
  it('§1: the endpointSelector names no namespace; the policy lives in the subject namespace', () => {
    for (const p of demo) expect(Object.keys(p.spec!.endpointSelector!.matchLabels!).some((k) => k.includes('namespace'))).toBe(false);
    expect(byName('blog-lockstep').metadata.namespace).toBe('blog');
  });

  it('§2: the namespace label only for a peer in another namespace', () => {
    const webapp = byName('webapp-lockstep');
    expect(webapp.spec!.egress![0].toEndpoints).toEqual([{ matchLabels: { 'k8s:app': 'postgres' } }]);
    expect(webapp.spec!.ingress![0].fromEndpoints).toEqual([{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'monitoring', 'k8s:app.kubernetes.io/name': 'prometheus' } }]);
  });

  it('§6: no unstable key in any selector (StatefulSet pod-index, pod-template-hash, io.cilium.k8s.*)', () => {
    expect(POSTGRES).toHaveProperty('apps.kubernetes.io/pod-index');
    expect(WEBAPP).toHaveProperty('pod-template-hash');
    const keys = demo.flatMap(allSelectors).flatMap((s) => Object.keys(s.matchLabels ?? {}).map((k) => k.replace(/^k8s:/, '')));
    expect(keys.filter((k) => k !== 'io.kubernetes.pod.namespace' && isUnstableLabelKey(k))).toEqual([]);
    expect(byName('postgres-lockstep').spec!.endpointSelector).toEqual({ matchLabels: { app: 'postgres' } });
  });
});

describe('cnp-semantics.md, default deny and deny rules', () => {
  it('§7: only the directions with findings get a section (the blog keeps its egress open)', () => {
    expect(byName('blog-lockstep').spec).not.toHaveProperty('egress');
    expect(byName('argocd-repo-server-lockstep').spec).not.toHaveProperty('ingress');
  });

  it('§9, §10, §25: no deny rules, no empty `{}` rule, no annotations (never policy.cilium.io/audit-mode)', () => {
    for (const p of demo) {
      expect(p.spec).not.toHaveProperty('ingressDeny');
      expect(p.spec).not.toHaveProperty('egressDeny');
      expect(p.metadata).not.toHaveProperty('annotations');
      for (const r of rules(p)) expect(Object.keys(r).length).toBeGreaterThan(1);
    }
  });
});

describe('cnp-semantics.md, peers', () => {
  it('§12, §13: reserved identities become entities, never CIDRs', () => {
    expect(byName('argocd-application-controller-lockstep').spec!.egress).toEqual([{ toEntities: ['kube-apiserver'], toPorts: [{ ports: [{ port: '6443', protocol: 'TCP' }] }] }]);
    const blog = byName('blog-lockstep').spec!.ingress!;
    expect(blog.filter((r) => r.fromEntities).map((r) => r.fromEntities)).toEqual([['health'], ['host']]);
    expect(demo.flatMap(rules).flatMap((r) => [...(r.toCIDR ?? []), ...(r.fromCIDR ?? [])])).toEqual(['203.0.113.10/32']);
  });

  it('entities with equal ports share one rule; host is kept for probes', () => {
    const flows = ['reserved:host', 'reserved:health', 'reserved:remote-node'].map((from) => flowBetween(from, 'prod/api', { direction: 'INGRESS', port: 8080 }));
    expect(suggest(flows)[0].spec!.ingress).toEqual([{ fromEntities: ['health', 'host', 'remote-node'], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] }]);
  });

  it('§14: CIDR rules only for world peers', () => {
    const cidrRules = demo.flatMap(rules).filter((r) => r.toCIDR || r.fromCIDR);
    expect(cidrRules).toEqual([{ toCIDR: ['203.0.113.10/32'], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }]);
  });

  it('§15: toFQDNs on the application port, never with toEndpoints/toCIDR, always with a DNS companion with rules.dns', () => {
    const repo = byName('argocd-repo-server-lockstep').spec!.egress!;
    const fqdn = repo.find((r) => r.toFQDNs)!;
    expect(fqdn).toEqual({ toFQDNs: [{ matchName: 'api.github.com' }, { matchName: 'codeload.github.com' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] });
    for (const r of demo.flatMap(rules)) if (r.toFQDNs) expect(r.toEndpoints ?? r.toCIDR ?? r.toEntities).toBeUndefined();
    const companion = repo.find((r) => r.toPorts?.[0].rules?.dns)!;
    expect(companion.toPorts).toEqual([{ ports: [{ port: '53', protocol: 'UDP' }, { port: '53', protocol: 'TCP' }], rules: { dns: [{ matchPattern: '*' }] } }]);
  });

  it('§15: the companion goes to the resolver that answered, with its labels (not a hard-coded kube-dns)', () => {
    const app = { labels: { app: 'crawler' } };
    const resolver = { labels: { 'app.kubernetes.io/name': 'unbound' } };
    const flows = [
      dnsFlow('crawl/crawler', 'dns/unbound', 'example.org', ['93.184.215.14'], { source: app, destination: resolver }),
      flowBetween('crawl/crawler', 'reserved:world', { port: 8443, destinationNames: ['example.org'], source: app }),
    ];
    const egress = suggest(flows)[0].spec!.egress!;
    expect(egress[0].toEndpoints).toEqual([{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'dns', 'k8s:app.kubernetes.io/name': 'unbound' } }]);
    expect(egress[1]).toEqual({ toFQDNs: [{ matchName: 'example.org' }], toPorts: [{ ports: [{ port: '8443', protocol: 'TCP' }] }] });
  });

  it('§15: matchPattern only when names share a parent and the caller opts in', () => {
    const repo = (options: SynthesizeOptions) => suggest(demoFlows(), options).find((p) => p.metadata.name === 'argocd-repo-server-lockstep')!;
    expect(repo({}).spec!.egress![1].toFQDNs).toEqual([{ matchName: 'api.github.com' }, { matchName: 'codeload.github.com' }]);
    expect(repo({ fqdnPatterns: true }).spec!.egress![1].toFQDNs).toEqual([{ matchPattern: '*.github.com' }]);
  });

  it('§16: never toServices (and so never toServices with toPorts)', () => {
    expect(demo.flatMap(rules).filter((r) => r.toServices)).toEqual([]);
  });
});

describe('cnp-semantics.md, ports and L7', () => {
  it('§18: ports are strings, merged per peer and sorted (protocol, then number); the container port', () => {
    const web = { labels: { app: 'web' } };
    const api = { labels: { app: 'api' } };
    const flows = [8443, 80, 443, 80].map((port) => flowBetween('prod/web', 'prod/api', { port, source: web, destination: api }));
    flows.unshift(flowBetween('prod/web', 'prod/api', { port: 5353, protocol: 'UDP', source: web, destination: api }));
    const [policy] = suggest(flows);
    expect(policy.spec!.egress).toHaveLength(1);
    const tcp = ['80', '443', '8443'].map((port) => ({ port, protocol: 'TCP' }));
    expect(policy.spec!.egress![0].toPorts).toEqual([{ ports: [...tcp, { port: '5353', protocol: 'UDP' }] }]);
  });

  it('§18: more than 40 ports are split into several PortRules (CRD maxItems)', () => {
    const flows = Array.from({ length: 45 }, (_, i) => flowBetween('prod/web', 'prod/api', { port: 9000 + i }));
    const toPorts = suggest(flows)[0].spec!.egress![0].toPorts!;
    expect(toPorts.map((pr) => pr.ports!.length)).toEqual([40, 5]);
  });

  it('§19: ICMP in an icmps rule of its own (Cilium rejects icmps with toPorts in one rule)', () => {
    const blog = byName('blog-lockstep').spec!.ingress!;
    expect(blog.find((r) => r.icmps)).toEqual({ fromEntities: ['health'], icmps: [{ fields: [{ family: 'IPv4', type: 8 }] }] });
    for (const r of demo.flatMap(rules)) expect(!!r.icmps && !!r.toPorts).toBe(false);
  });

  it('§20, §21: no L7 rules except the DNS companion rules.dns', () => {
    const l7 = demo.flatMap(rules).flatMap((r) => r.toPorts ?? []).filter((pr) => pr.rules);
    expect(l7.map((pr) => Object.keys(pr.rules!))).toEqual([['dns']]);
    expect(policiesToYaml(synthesizePolicies(extractFindings(demoFlows()).findings).policies)).not.toMatch(/http|headers|kafka/);
  });

  it('a port-53 finding to a resolver becomes the DNS rule (UDP and TCP), not a second rule', () => {
    const app = { labels: { app: 'web' } };
    const flows = [flowBetween('prod/web', 'kube-system/coredns', { protocol: 'UDP', port: 53, source: app, destination: { labels: { 'k8s-app': 'kube-dns' } } })];
    const egress = suggest(flows)[0].spec!.egress!;
    expect(egress).toHaveLength(1);
    expect(egress[0].toPorts![0].ports).toEqual([{ port: '53', protocol: 'UDP' }, { port: '53', protocol: 'TCP' }]);
  });
});

describe('cnp-semantics.md, from flows to rules', () => {
  it('§22: one connection between two audited pods → a rule in each of the two policies', () => {
    expect(byName('webapp-lockstep').spec!.egress![0].toEndpoints).toEqual([{ matchLabels: { 'k8s:app': 'postgres' } }]);
    expect(byName('postgres-lockstep').spec!.ingress![0].fromEndpoints).toEqual([{ matchLabels: { 'k8s:app': 'webapp' } }]);
  });

  it('§23: no reverse rules for replies (postgres gets no egress to webapp)', () => {
    expect(byName('postgres-lockstep').spec).not.toHaveProperty('egress');
  });

  it('one rule per workload, not per pod: two postgres pods, one peer selector', () => {
    const ingress = byName('postgres-lockstep').spec!.ingress!;
    expect(ingress).toHaveLength(1);
    expect(demoFlows().filter((f) => f.destination.podName.startsWith('postgres-')).map((f) => f.destination.podName)).toContain('postgres-1');
  });
});
