import { describe, expect, it } from 'vitest';
import { lintPolicies } from '../run';
import type { KnownService } from '../lint-rule';
import { loadUpstream, policies } from '../../policy/testdata/upstream/load-upstream';

const BLOG = loadUpstream('homelab-mortennordbye/k8s/talos/apps/blog/ciliumnetworkpolicy.yaml');
const lint = (input: Parameters<typeof lintPolicies>[0], services: KnownService[]) => lintPolicies(input, { services }, { only: ['ports.service-port'] });
const svc = (namespace: string, port: number, targetPort: number | string, selector?: Record<string, string>): KnownService =>
  ({ name: 'web', namespace, ports: [{ port, targetPort, protocol: 'TCP' }], selector });

describe('ports.service-port', () => {
  it('reports an ingress port that is the Service port (8080 → 3000)', () => {
    const webapp = policies`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: webapp, namespace: webapp}
      spec:
        endpointSelector: {matchLabels: {app: webapp}}
        ingress:
          - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: traefik}}]
            toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
    `;
    const [problem] = lint(webapp, [svc('webapp', 8080, 3000, { app: 'webapp' })]);
    expect(problem).toMatchObject({ code: 'CNP001', severity: 'error', path: 'spec/ingress[0]/toPorts[0]/ports[0]/port' });
    expect(problem.message).toContain('use 3000');
  });

  it('reports an egress port to a peer namespace Service', () => {
    const client = policies`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: dashboard, namespace: dashboard}
      spec:
        endpointSelector: {}
        egress:
          - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: monitoring, app.kubernetes.io/name: grafana}}]
            toPorts: [{ports: [{port: "80"}]}]
    `;
    expect(lint(client, [svc('monitoring', 80, '3000')])).toEqual([expect.objectContaining({ path: 'spec/egress[0]/toPorts[0]/ports[0]/port' })]);
    expect(lint(client, [svc('dashboard', 80, 3000)])).toEqual([]);
  });

  it('stays quiet for the container port, other namespaces, unrelated selectors and named targetPorts', () => {
    expect(lint(BLOG, [svc('blog', 80, 80)])).toEqual([]);
    expect(lint(BLOG, [svc('blog', 8080, 80)])).toEqual([]);
    expect(lint(BLOG, [svc('other', 80, 8080)])).toEqual([]);
    expect(lint(BLOG, [svc('blog', 80, 8080, { 'app.kubernetes.io/name': 'comments' })])).toEqual([]);
    expect(lint(BLOG, [svc('blog', 80, 'http')])).toEqual([]);
    expect(lint(BLOG, [])).toEqual([]);
    // 80 is also another Service's targetPort in the namespace: ambiguous, not reported.
    expect(lint(BLOG, [svc('blog', 80, 8080), { ...svc('blog', 9000, 80), name: 'admin' }])).toEqual([]);
  });
});
