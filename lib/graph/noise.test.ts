import { describe, expect, it } from 'vitest';
import { homelabFlows } from '../testing/graph-builders';
import { applyFlows } from './aggregate';
import { graphSnapshot } from './graph-snapshot';
import { hideNoise } from './noise';
import { createServiceGraph } from './service-graph';

const homelab = () => {
  const graph = createServiceGraph();
  applyFlows(graph, homelabFlows());
  return graphSnapshot(graph);
};

describe('hideNoise', () => {
  it('hides kube-dns:53, host, prometheus scrapes, and the nodes left without edges', () => {
    const quiet = hideNoise(homelab());
    expect(quiet.nodes.map((n) => n.id)).not.toContain('kube-system/kube-dns');
    expect(quiet.nodes.map((n) => n.id)).not.toContain('entity:host');
    expect(quiet.nodes.map((n) => n.id)).not.toContain('monitoring/prometheus');
    expect(quiet.edges.map((e) => e.id)).toEqual([
      'argocd/argocd-repo-server->world:api.github.com:443/TCP',
      'blog/blog->webapp/postgres:5432/TCP',
      'traefik/traefik->blog/blog:80/TCP',
      'webapp/webapp->entity:world:443/TCP',
      'webapp/webapp->webapp/postgres:5432/TCP',
    ]);
  });

  it('honours each toggle and returns the same snapshot when nothing is hidden', () => {
    const snapshot = homelab();
    const all = { kubeDns: false, host: false, remoteNode: false, prometheus: false, health: false };
    expect(hideNoise(snapshot, all)).toBe(snapshot);
    expect(hideNoise(snapshot, { ...all, kubeDns: true }).edges).toHaveLength(snapshot.edges.length - 1);
    expect(hideNoise(snapshot, { ...all, host: true }).nodes.map((n) => n.id)).not.toContain('entity:host');
  });
});
