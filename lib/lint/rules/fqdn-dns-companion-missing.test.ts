import { describe, expect, it } from 'vitest';
import { lintPolicies } from '../run';
import { flowBetween } from '../../testing/flow-builders';
import type { CiliumPolicy } from '../../policy/cnp-types';
import type { Flow } from '../../flow/flow';
import { loadUpstream, policies } from '../../policy/testdata/upstream/load-upstream';

const lint = (set: CiliumPolicy[], flows: Flow[] = []) => lintPolicies(set, { flows }, { only: ['fqdn.dns-companion-missing'] });
const ARGOCD = loadUpstream('homelab-mortennordbye/k8s/talos/infra/argocd/ciliumnetworkpolicy.yaml');
const fqdnOnly = policies`
  apiVersion: cilium.io/v2
  kind: CiliumNetworkPolicy
  metadata: {name: github, namespace: ci}
  spec:
    endpointSelector: {matchLabels: {app: runner}}
    egress:
      - toFQDNs: [{matchName: api.github.com}]
        toPorts: [{ports: [{port: "443", protocol: TCP}]}]
`;
const BASELINE_DNS = loadUpstream('homelab-ionfury/kubernetes/platform/config/network-policy/baselines/dns-egress.yaml');

describe('fqdn.dns-companion-missing', () => {
  it('reports the argocd policy: its port-53 rule has no rules.dns (real-world case)', () => {
    const [problem, ...rest] = lint(ARGOCD);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ code: 'CNP004', severity: 'error', path: 'spec/egress[1]/toFQDNs' });
    expect(problem.message).toContain('spec/egress[0] allows port 53 but has no rules.dns');
  });

  it('reports an FQDN rule with no DNS rule anywhere', () => {
    expect(lint(fqdnOnly)).toEqual([expect.objectContaining({ message: expect.stringContaining('No policy in the set has one.') })]);
  });

  it('accepts a companion in the same policy (upstream dns-port.yaml)', () => {
    expect(lint(loadUpstream('cilium-examples/kubernetes-dns/dns-port.yaml'))).toEqual([]);
  });

  it('accepts a companion in another policy selecting the same pods (a baseline CCNP)', () => {
    expect(lint([...fqdnOnly, ...BASELINE_DNS])).toEqual([]);
  });

  it('uses recorded sources: a companion that misses one of them is reported', () => {
    const narrow = policies`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: dns-for-runners, namespace: ci}
      spec:
        endpointSelector: {matchLabels: {app: runner, tier: build}}
        egress:
          - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
            toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
    `;
    const flow = (tier: string) => flowBetween('ci/runner', 'reserved:world', { port: 443, destinationNames: ['api.github.com'], source: { labels: { app: 'runner', tier } } });
    expect(lint([...fqdnOnly, ...narrow], [flow('build')])).toEqual([]);
    expect(lint([...fqdnOnly, ...narrow], [flow('build'), flow('deploy')])).toEqual([expect.objectContaining({ message: expect.stringContaining('No policy with a DNS rule selects these pods.') })]);
  });
});
