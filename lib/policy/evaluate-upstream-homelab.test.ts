/** Evaluator against real homelab policies (mortennordbye: the blog post's cluster; ionfury: baseline CCNPs). */
import { describe, expect, it } from 'vitest';
import { flowBetween, type EndpointOptions, type FlowBetweenOptions } from '../testing/flow-builders';
import type { Flow } from '../flow/flow';
import { compilePolicies } from './evaluate-compile';
import { evaluateFlow } from './evaluate-flow';
import { loadUpstream } from './testdata/upstream/load-upstream';

const judge = (files: string[], flow: Flow) => evaluateFlow(flow, compilePolicies(files.flatMap((f) => loadUpstream(f))));
const allowed = (files: string[], flow: Flow) => judge(files, flow).allowed;
const ingress = (from: string, to: string, o: FlowBetweenOptions = {}) => flowBetween(from, to, { direction: 'INGRESS', ...o });
const egress = (from: string, to: string, o: FlowBetweenOptions = {}) => flowBetween(from, to, { direction: 'EGRESS', ...o });
const labels = (l: Record<string, string>): EndpointOptions => ({ labels: l });

const BLOG = ['homelab-mortennordbye/k8s/talos/apps/blog/ciliumnetworkpolicy.yaml'];
const TRAEFIK = labels({ 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': 'traefik-traefik' });
const BLOG_POD = labels({ 'app.kubernetes.io/name': 'blog' });

describe('blog-policy from the blog post', () => {
  it('lets traefik reach the blog on container port 80', () => {
    expect(judge(BLOG, ingress('traefik/traefik', 'blog/blog', { port: 80, source: TRAEFIK, destination: BLOG_POD }))).toMatchObject({
      allowed: true, reason: 'allowed-by', policy: { name: 'blog-policy', namespace: 'blog' }, rulePath: 'spec/ingress[0]',
    });
  });

  it('denies traefik on another port, another app of the blog namespace, and traefik labels elsewhere', () => {
    expect(judge(BLOG, ingress('traefik/traefik', 'blog/blog', { port: 8080, source: TRAEFIK, destination: BLOG_POD }))).toMatchObject({ allowed: false, reason: 'default-deny' });
    expect(allowed(BLOG, ingress('blog/comments', 'blog/blog', { port: 80, destination: BLOG_POD }))).toBe(false);
    expect(allowed(BLOG, ingress('kube-system/traefik', 'blog/blog', { port: 80, source: TRAEFIK, destination: BLOG_POD }))).toBe(false);
  });

  it('allows kubelet probes from the host and Cilium health checks, but not world', () => {
    const probe = ingress('reserved:host', 'blog/blog', { port: 80, destination: BLOG_POD });
    expect(evaluateFlow(probe, compilePolicies(BLOG.flatMap((f) => loadUpstream(f)), { cluster: { allowLocalhost: 'policy' } }))).toMatchObject({ allowed: true, rulePath: 'spec/ingress[1]' });
    expect(judge(BLOG, probe)).toMatchObject({ allowed: true, reason: 'allow-localhost' });
    expect(allowed(BLOG, ingress('reserved:health', 'blog/blog', { port: 4240, destination: BLOG_POD }))).toBe(true);
    expect(allowed(BLOG, ingress('reserved:world', 'blog/blog', { port: 80, destination: BLOG_POD }))).toBe(false);
  });

  it('leaves the blog egress open (ingress-only policy)', () => {
    expect(judge(BLOG, egress('blog/blog', 'reserved:world', { port: 443, source: BLOG_POD })).reason).toBe('no-policy-selects');
  });

  it('Tier 2: postgres only from the app tier (webapp-db-policy.yaml)', () => {
    const file = ['homelab-mortennordbye/blog-examples/webapp-db-policy.yaml'];
    const toDb = (from: string, app = 'webapp', port = 5432) =>
      ingress(from, 'webapp/postgres', { port, source: labels({ app }), destination: labels({ app: 'postgres' }) });
    expect(allowed(file, toDb('webapp/webapp'))).toBe(true);
    expect(allowed(file, toDb('other/webapp'))).toBe(false);
    expect(allowed(file, toDb('webapp/worker', 'worker'))).toBe(false);
    expect(allowed(file, toDb('webapp/webapp', 'webapp', 5433))).toBe(false);
  });

  it('ArgoCD egress: FQDN to GitHub on 443, the API server, nothing else (argocd)', () => {
    const file = ['homelab-mortennordbye/k8s/talos/infra/argocd/ciliumnetworkpolicy.yaml'];
    const repo = (names: string[], port = 443) => egress('argocd/argocd-repo-server', 'reserved:world', { port, destinationNames: names, destinationIp: '140.82.121.4' });
    expect(allowed(file, repo(['codeload.github.com']))).toBe(true);
    expect(allowed(file, repo(['raw.githubusercontent.com']))).toBe(true);
    expect(allowed(file, repo(['codeload.github.com'], 22))).toBe(false);
    expect(allowed(file, repo(['registry.npmjs.org']))).toBe(false);
    expect(allowed(file, egress('argocd/argocd-application-controller', 'reserved:kube-apiserver', { port: 6443 }))).toBe(true);
  });
});

describe('ionfury baseline CCNPs', () => {
  const B = 'homelab-ionfury/kubernetes/platform/config/network-policy/';
  const KUBE_DNS = labels({ 'k8s-app': 'kube-dns' });

  it('baseline-dns-egress puts every pod in egress default-deny except DNS', () => {
    const file = [`${B}baselines/dns-egress.yaml`];
    expect(allowed(file, egress('media/app', 'kube-system/coredns', { port: 53, protocol: 'UDP', destination: KUBE_DNS }))).toBe(true);
    expect(allowed(file, egress('media/app', 'kube-system/coredns', { port: 53, protocol: 'TCP', destination: KUBE_DNS }))).toBe(true);
    expect(judge(file, egress('media/app', 'reserved:world', { port: 443 }))).toMatchObject({ allowed: false, reason: 'default-deny', policy: { name: 'baseline-dns-egress' } });
  });

  it('baseline-intra-namespace: an empty CCNP peer selector matches every namespace, despite its description', () => {
    const file = [`${B}baselines/intra-namespace.yaml`];
    expect(allowed(file, ingress('media/a', 'media/b'))).toBe(true);
    expect(allowed(file, ingress('games/a', 'media/b'))).toBe(true);
    expect(allowed(file, ingress('reserved:world', 'media/b'))).toBe(false);
  });

  it('baseline-health-probes: entities and the link-local CIDR', () => {
    const file = [`${B}baselines/health-probes.yaml`];
    expect(allowed(file, ingress('reserved:host', 'media/app', { port: 8080 }))).toBe(true);
    const linkLocal = ingress('reserved:world', 'media/app', { port: 8080 });
    expect(allowed(file, { ...linkLocal, ip: { ...linkLocal.ip, source: '169.254.10.1' } })).toBe(true);
    expect(allowed(file, { ...linkLocal, ip: { ...linkLocal.ip, source: '192.0.2.10' } })).toBe(false);
  });

  it('profile-isolated selects by namespace label', () => {
    const file = [`${B}profiles/profile-isolated.yaml`];
    const isolated = labels({ app: 'batch', 'io.cilium.k8s.namespace.labels.network-policy.homelab/profile': 'isolated' });
    expect(allowed(file, egress('jobs/batch', 'reserved:world', { port: 443, source: isolated }))).toBe(false);
    expect(allowed(file, egress('jobs/batch', 'kube-system/coredns', { port: 53, protocol: 'UDP', source: isolated, destination: KUBE_DNS }))).toBe(true);
    const prometheus = labels({ 'app.kubernetes.io/name': 'prometheus' });
    expect(allowed(file, ingress('monitoring/prometheus', 'jobs/batch', { port: 9090, source: prometheus, destination: isolated }))).toBe(true);
    expect(judge(file, egress('web/site', 'reserved:world', { port: 443 })).reason).toBe('no-policy-selects');
  });
});
