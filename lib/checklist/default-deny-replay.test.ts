import { describe, expect, it } from 'vitest';
import { extractFindings } from '../findings/extract-findings';
import type { CiliumPolicy } from '../policy/cnp-types';
import { defaultDenyCcnp } from '../policy/default-deny-ccnp';
import { flowBetween } from '../testing/flow-builders';
import { replayDefaultDeny } from './default-deny-replay';

const BLOG = { labels: { 'app.kubernetes.io/name': 'blog' } };
const COREDNS = { labels: { 'k8s-app': 'kube-dns' } };
/** The blog's policy: ingress only, so its egress is allowed today. */
const BLOG_POLICY: CiliumPolicy = {
  apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'blog-policy', namespace: 'blog' },
  spec: { endpointSelector: { matchLabels: { 'app.kubernetes.io/name': 'blog' } }, ingress: [{ fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'traefik' } }] }] },
};
const ccnp = defaultDenyCcnp();
const toWorld = (verdict: 'FORWARDED' | 'AUDIT' = 'FORWARDED') =>
  flowBetween('blog/blog', 'reserved:world', { port: 443, direction: 'EGRESS', verdict, destinationIp: '140.82.121.6', source: BLOG });
const dns = () => flowBetween('blog/blog', 'kube-system/coredns', { port: 53, protocol: 'UDP', direction: 'EGRESS', verdict: 'FORWARDED', source: BLOG, destination: COREDNS });
const fromTraefik = () => flowBetween('traefik/traefik', 'blog/blog', { port: 80, direction: 'INGRESS', verdict: 'FORWARDED', destination: BLOG });

describe('replayDefaultDeny (step 8 verified by replay)', () => {
  it('counts the allowed flows the default deny would drop, per namespace, and is not safe while any is unexplained', () => {
    const report = replayDefaultDeny([toWorld(), toWorld(), dns(), fromTraefik()], [BLOG_POLICY], ccnp, []);
    expect(report).toMatchObject({ evaluated: 4, flows: 2, unexplainedFlows: 2, safe: false });
    expect(report.namespaces).toEqual([
      { namespace: 'blog', flows: 2, unexplainedFlows: 2, connections: [expect.objectContaining({ source: 'blog/blog', port: '443/TCP', direction: 'EGRESS', verdict: 'FORWARDED', flows: 2, explanation: null, findingId: null })] },
    ]);
  });

  it('DNS (allowed in the same resource) and traffic the namespace policy allows are not counted; nothing dropped is safe', () => {
    expect(replayDefaultDeny([dns(), fromTraefik()], [BLOG_POLICY], ccnp, [])).toMatchObject({ flows: 0, safe: true, namespaces: [] });
  });

  it('a connection covered by a reviewed finding is explained: rejected (meant to stop) or accepted (its patch allows it)', () => {
    const finding = extractFindings([toWorld('AUDIT')]).findings[0];
    for (const status of ['rejected', 'accepted'] as const) {
      const report = replayDefaultDeny([toWorld()], [BLOG_POLICY], ccnp, [{ ...finding, status }]);
      expect(report).toMatchObject({ flows: 1, unexplainedFlows: 0, safe: true });
      expect(report.namespaces[0].connections[0]).toMatchObject({ explanation: status, findingId: finding.id });
    }
    expect(replayDefaultDeny([toWorld()], [BLOG_POLICY], ccnp, [{ ...finding, status: 'new' }]).safe).toBe(false);
  });
});
