import { describe, expect, it } from 'vitest';
import { homelabScenario } from './homelab-scenario';
import { resolveScenario, matchesFqdnPattern, parsePeer } from './scenario-model';

const model = resolveScenario(homelabScenario());
const ipInCidr = (ip: string, cidr: string) => ip.startsWith(cidr.split('.').slice(0, 3).join('.') + '.');

describe('homelab scenario', () => {
  it('has three nodes of cluster homelab and the blog post namespaces with their rollout states', () => {
    expect(model.scenario.clusterName).toBe('homelab');
    expect(model.nodes.map((n) => n.name)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(Object.fromEntries(model.rollout)).toEqual({
      argocd: 'audit', blog: 'audit', webapp: 'audit', uptime: 'audit', monitoring: 'enforcing', homepage: 'enforcing', traefik: 'unselected', 'kube-system': 'unselected',
    });
  });

  it('names pods like their controllers do', () => {
    const names = (w: string) => model.podsByWorkload.get(w)!.map((p) => p.name);
    for (const name of names('blog/blog')) expect(name).toMatch(/^blog-[bcdfghjklmnpqrstvwxz2456789]{9,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(new Set(names('blog/blog').map((n) => n.split('-')[1])).size).toBe(1); // one ReplicaSet
    expect(names('traefik/traefik')).toHaveLength(3);
    for (const name of names('traefik/traefik')) expect(name).toMatch(/^traefik-[a-z0-9]{5}$/);
    expect(names('webapp/postgres')).toEqual(['postgres-0', 'postgres-1']);
    expect(names('webapp/debug-netshoot')).toEqual(['debug-netshoot']);
    expect(model.scenario.workloads.filter((w) => w.kind === 'Deployment' && w.placement.length >= 2).length).toBeGreaterThanOrEqual(2);
  });

  it('gives every pod a unique IP in its node CIDR and a unique endpoint id on its node', () => {
    const ips = new Set<string>();
    const ids = new Set<string>();
    for (const pod of model.pods) {
      expect(ipInCidr(pod.ip, pod.node.podCidr)).toBe(true);
      ips.add(pod.ip);
      ids.add(`${pod.node.name}/${pod.endpointId}`);
    }
    expect(ips.size).toBe(model.pods.length);
    expect(ids.size).toBe(model.pods.length);
  });

  it('reports sorted Cilium labels with namespace, service account and cluster labels', () => {
    const blog = model.podsByWorkload.get('blog/blog')![0];
    expect(blog.labels).toEqual([
      'k8s:app.kubernetes.io/name=blog',
      'k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=blog',
      'k8s:io.cilium.k8s.policy.cluster=homelab',
      'k8s:io.cilium.k8s.policy.serviceaccount=default',
      'k8s:io.kubernetes.pod.namespace=blog',
    ]);
    for (const pod of model.pods) expect(pod.labels).toEqual([...pod.labels].sort());
    const coredns = model.podsByWorkload.get('kube-system/coredns')![0];
    expect(coredns.labels).toContain('gen:io.cilium.k8s.named-ports=dns.UDP.53_dns-tcp.TCP.53_metrics.TCP.9153');
    expect(coredns.labels).toContain('k8s:k8s-app=kube-dns');
  });

  it('shares an identity between replicas, except StatefulSet pods that keep their unstable pod labels', () => {
    const [a, b] = model.podsByWorkload.get('blog/blog')!;
    expect(a.identity).toBe(b.identity);
    expect(a.identity).toBeGreaterThanOrEqual(256);
    const [p0, p1] = model.podsByWorkload.get('webapp/postgres')!;
    expect(p0.labels).toContain('k8s:statefulset.kubernetes.io/pod-name=postgres-0');
    expect(p1.labels).toContain('k8s:apps.kubernetes.io/pod-index=1');
    expect(p0.identity).not.toBe(p1.identity);
    expect(new Set(model.pods.map((p) => `${p.workload.name}:${p.identity}`)).size).toBe(new Set(model.pods.map((p) => p.identity)).size);
  });

  it('selects pods only in audit and enforcing namespaces, with policies that exist there and match the pods', () => {
    const policies = new Map(model.scenario.policies.map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p]));
    for (const w of model.scenario.workloads) {
      const names = [...(w.policies?.ingress ?? []), ...(w.policies?.egress ?? [])];
      if (model.rollout.get(w.namespace) === 'unselected') expect(names).toEqual([]);
      for (const name of names) {
        const policy = policies.get(`${w.namespace}/${name}`);
        expect(policy, `${w.namespace}/${name}`).toBeDefined();
        const selector = policy!.spec!.endpointSelector!.matchLabels ?? {};
        for (const [k, v] of Object.entries(selector)) expect(w.labels[k.replace(/^k8s:/, '')]).toBe(v);
      }
    }
    for (const p of model.scenario.policies) {
      expect(p).toMatchObject({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy' });
      expect(['audit', 'enforcing']).toContain(model.rollout.get(p.metadata.namespace!));
    }
  });

  it('exports the blog post policy verbatim', () => {
    const blog = model.scenario.policies.find((p) => p.metadata.name === 'blog-policy');
    expect(blog).toEqual({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'blog-policy', namespace: 'blog' },
      spec: {
        endpointSelector: { matchLabels: { 'app.kubernetes.io/name': 'blog' } },
        ingress: [
          {
            fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'traefik', 'k8s:app.kubernetes.io/instance': 'traefik-traefik' } }],
            toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }],
          },
          { fromEntities: ['host', 'health'] },
        ],
      },
    });
  });

  it('marks directions uncovered only where a policy selects that end', () => {
    for (const c of model.connections) {
      for (const direction of c.uncovered ?? []) {
        const peer = direction === 'ingress' ? c.toPeer : c.fromPeer;
        expect(peer.kind, c.id).toBe('pod');
        const workload = model.scenario.workloads.find((w) => peer.kind === 'pod' && `${w.namespace}/${w.name}` === peer.workload)!;
        expect(workload.policies?.[direction]?.length, c.id).toBeGreaterThan(0);
        expect(model.rollout.get(workload.namespace), c.id).not.toBe('unselected');
      }
    }
  });

  it('includes the flows the rollout has to find', () => {
    const ids = model.connections.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['debug-pod-to-postgres', 'webapp-to-grafana-via-public-hostname', 'argocd-repo-server-to-raw-githubusercontent', 'blog-to-cdn', 'traefik-to-prometheus']));
    expect(model.connections.filter((c) => c.from === 'entity:host').length).toBeGreaterThanOrEqual(10);
    expect(model.fqdnIdentities.get('*.github.com')).toBe(16777217);
  });

  it('parses peers and FQDN patterns', () => {
    expect(parsePeer('webapp/postgres[1]')).toEqual({ kind: 'pod', workload: 'webapp/postgres', index: 1 });
    expect(parsePeer('entity:kube-apiserver')).toEqual({ kind: 'entity', entity: 'kube-apiserver' });
    expect(() => parsePeer('entity:moon')).toThrow();
    expect(matchesFqdnPattern('api.github.com', '*.github.com')).toBe(true);
    expect(matchesFqdnPattern('raw.githubusercontent.com', '*.github.com')).toBe(false);
    expect(matchesFqdnPattern('a.b.github.com', '*.github.com')).toBe(false);
  });
});
