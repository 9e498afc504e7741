import { describe, expect, it } from 'vitest';
import { flowBetween, dnsFlow } from '../testing/flow-builders';
import { replayFlows } from './evaluate-replay';
import { loadUpstream, policies } from './testdata/upstream/load-upstream';

const BLOG = loadUpstream('homelab-mortennordbye/k8s/talos/apps/blog/ciliumnetworkpolicy.yaml');
const traefik = { labels: { 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': 'traefik-traefik' } };
const blog = { labels: { 'app.kubernetes.io/name': 'blog' } };

/** Audit window in the blog namespace: traefik → blog (allowed), a metrics scraper on 9113 (a hole), replies, DNS. */
function recorded() {
  const flows = [];
  for (let i = 0; i < 5; i++) flows.push(flowBetween('traefik/traefik', 'blog/blog', { direction: 'INGRESS', port: 80, verdict: 'FORWARDED', source: traefik, destination: blog }));
  for (let i = 0; i < 3; i++) flows.push(flowBetween('monitoring/prometheus', 'blog/blog', { direction: 'INGRESS', port: 9113, at: 1000 + i, destination: blog }));
  flows.push(flowBetween('monitoring/prometheus', 'blog/blog', { direction: 'INGRESS', port: 9113, isReply: true, destination: blog }));
  flows.push(flowBetween('blog/other', 'blog/blog', { direction: 'INGRESS', port: 80, verdict: 'FORWARDED', destination: blog }));
  flows.push(dnsFlow('blog/blog', 'kube-system/coredns', 'example.com', ['93.184.216.34']));
  flows.push(flowBetween('blog/blog', 'reserved:world', { direction: 'EGRESS', port: 443, source: blog }));
  return flows;
}

describe('replayFlows', () => {
  it('counts flows that would be dropped per namespace, by recorded verdict and cause', () => {
    const report = replayFlows(recorded(), BLOG);
    expect(report).toMatchObject({ evaluated: 10, dropped: 4, skipped: 2 });
    expect(report.namespaces.map((n) => n.namespace)).toEqual(['blog']);
    const ns = report.namespaces[0];
    expect(ns).toMatchObject({ evaluated: 10, dropped: 4, byVerdict: { AUDIT: 3, FORWARDED: 1 }, byReason: { 'default-deny': 4, 'denied-by': 0 }, connections: 2 });
  });

  it('de-duplicates the sample per connection, keeping count and first/last seen', () => {
    const [ns] = replayFlows(recorded(), BLOG).namespaces;
    const scrape = ns.sample.find((c) => c.key.includes('|9113'))!;
    expect(scrape).toMatchObject({ count: 3, verdict: { reason: 'default-deny', direction: 'INGRESS' } });
    expect(scrape.lastSeen - scrape.firstSeen).toBe(2);
    expect(replayFlows(recorded(), BLOG, { sampleSize: 1 }).namespaces[0]).toMatchObject({ connections: 2, sample: [expect.anything()] });
  });

  it('gives before/after numbers when a patch is added', () => {
    const patch = policies`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: blog-metrics, namespace: blog}
      spec:
        endpointSelector: {matchLabels: {app.kubernetes.io/name: blog}}
        ingress:
          - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: monitoring, app: prometheus}}]
            toPorts: [{ports: [{port: "9113", protocol: TCP}]}]
    `;
    const before = replayFlows(recorded(), BLOG).namespaces[0];
    const after = replayFlows(recorded(), [...BLOG, ...patch]).namespaces[0];
    expect(before.byVerdict.AUDIT).toBe(3);
    expect(after.byVerdict.AUDIT).toBeUndefined();
    // The unwanted same-namespace caller stays dropped.
    expect(after).toMatchObject({ dropped: 1, byVerdict: { FORWARDED: 1 } });
  });

  it('reports nothing dropped without policies, and honours a custom filter', () => {
    expect(replayFlows(recorded(), []).dropped).toBe(0);
    expect(replayFlows(recorded(), BLOG, { include: (f) => f.verdict === 'AUDIT' && f.isReply !== true })).toMatchObject({ evaluated: 4, dropped: 3 });
  });
});
