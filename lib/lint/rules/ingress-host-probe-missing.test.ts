import { describe, expect, it } from 'vitest';
import { lintPolicies } from '../run';
import { flowBetween } from '../../testing/flow-builders';
import type { Flow } from '../../flow/flow';
import type { CiliumPolicy } from '../../policy/cnp-types';
import { loadUpstream, policies } from '../../policy/testdata/upstream/load-upstream';

const lint = (set: CiliumPolicy[], flows: Flow[], allowLocalhost: 'policy' | 'always' = 'policy') =>
  lintPolicies(set, { flows, cluster: { allowLocalhost, allowLocalhostSource: 'user' } }, { only: ['ingress.host-probe-missing'] });
const probe = (to: string, port: number, labels: Record<string, string>, isReply = false) =>
  flowBetween('reserved:host', to, { direction: 'INGRESS', port, isReply, destination: { labels } });

const BLOG = { 'app.kubernetes.io/name': 'blog' };
const DEATHSTAR = { org: 'empire', class: 'deathstar' };
const denyAllBlog = policies`
  apiVersion: cilium.io/v2
  kind: CiliumNetworkPolicy
  metadata: {name: deny-all, namespace: blog}
  spec: {endpointSelector: {}, ingress: [{}]}
`;

describe('ingress.host-probe-missing', () => {
  it('reports node probes into a default-deny pod without fromEntities host (Star Wars rule1)', () => {
    const found = lint(loadUpstream('cilium-examples/minikube/sw_l3_l4_policy.yaml'), [probe('default/deathstar', 80, DEATHSTAR)]);
    expect(found).toEqual([expect.objectContaining({ code: 'CNP002', severity: 'error', path: 'spec/ingress', policy: expect.objectContaining({ name: 'rule1' }) })]);
    expect(found[0].message).toMatch(/^1 probe flow\(s\) from the node \(reserved:host\) to default\/deathstar on port\(s\) 80/);
    expect(found[0].message).toContain('allow-localhost: policy (set by the user)');
  });

  it('stays silent when allow-localhost lets the host through (always, and auto, the default install)', () => {
    const flows = [probe('default/deathstar', 80, DEATHSTAR)];
    expect(lint(loadUpstream('cilium-examples/minikube/sw_l3_l4_policy.yaml'), flows, 'always')).toEqual([]);
    expect(lintPolicies(loadUpstream('cilium-examples/minikube/sw_l3_l4_policy.yaml'), { flows }, { only: ['ingress.host-probe-missing'] })).toEqual([]);
  });

  it('groups probe flows and ports per pod, ignoring replies', () => {
    const flows = [probe('blog/blog', 8080, BLOG), probe('blog/blog', 8080, BLOG), probe('blog/blog', 8081, BLOG), probe('blog/blog', 9999, BLOG, true)];
    const found = lint(denyAllBlog, flows);
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('3 probe flow(s)');
    expect(found[0].message).toContain('port(s) 8080, 8081');
  });

  it('accepts policies that allow the host (blog-policy, webapp-db-policy) and unselected pods', () => {
    expect(lint(loadUpstream('homelab-mortennordbye/k8s/talos/apps/blog/ciliumnetworkpolicy.yaml'), [probe('blog/blog', 80, BLOG)])).toEqual([]);
    expect(lint(loadUpstream('homelab-mortennordbye/blog-examples/webapp-db-policy.yaml'), [probe('webapp/postgres', 5432, { app: 'postgres' })])).toEqual([]);
    expect(lint(denyAllBlog, [probe('shop/web', 8080, { app: 'web' })])).toEqual([]);
  });
});
