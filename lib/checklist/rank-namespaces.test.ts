import { describe, expect, it } from 'vitest';
import { rankNamespaces } from './rank-namespaces';

const c = (namespace: string, workloads: number, inboundPeers: number, flows = 10) => ({ namespace, workloads, inboundPeers, flows });

describe('rankNamespaces (step 2)', () => {
  it('puts the fewest workloads first, then the fewest inbound peers, then the fewest flows, then the name', () => {
    const ranked = rankNamespaces([c('webapp', 3, 1), c('argocd', 4, 1), c('blog', 1, 1), c('grafana', 1, 2), c('b-blog', 1, 1, 20), c('a-blog', 1, 1, 20)]);
    expect(ranked.map((r) => [r.namespace, r.rank])).toEqual([
      ['blog', 1], ['a-blog', 2], ['b-blog', 3], ['grafana', 4], ['webapp', 5], ['argocd', 6],
    ]);
    expect(ranked[0].note).toBeUndefined();
  });

  it('ranks namespaces without traffic after those with, and system namespaces last, saying why', () => {
    const ranked = rankNamespaces([c('kube-system', 1, 0), c('empty', 0, 0), c('cilium-test', 1, 0), c('monitoring', 5, 3)]);
    expect(ranked.map((r) => r.namespace)).toEqual(['monitoring', 'empty', 'cilium-test', 'kube-system']);
    expect(ranked[1].note).toBe('no workload seen with traffic yet: nothing to observe');
    expect(ranked[3].note).toBe('system namespace: not a first pick');
  });

  it('takes a custom notion of "system"', () => {
    expect(rankNamespaces([c('infra', 1, 0), c('app', 2, 0)], { isSystem: (n) => n === 'infra' }).map((r) => r.namespace)).toEqual(['app', 'infra']);
  });
});
