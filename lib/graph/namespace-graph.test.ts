import { describe, expect, it } from 'vitest';
import { homelabFlows } from '../testing/graph-builders';
import { applyFlows } from './aggregate';
import { graphSnapshot } from './graph-snapshot';
import { namespaceGraph, namespacesOf } from './namespace-graph';
import { createServiceGraph } from './service-graph';

const homelab = () => {
  const graph = createServiceGraph();
  applyFlows(graph, homelabFlows());
  return graphSnapshot(graph);
};

describe('namespaceGraph', () => {
  it('holds the namespace, its peers marked external, entities, and only the edges touching it', () => {
    const view = namespaceGraph(homelab(), 'argocd');
    expect(view.nodes.map((n) => [n.id, n.external])).toEqual([
      ['argocd/argocd-repo-server', false],
      ['kube-system/kube-dns', true],
      ['world:api.github.com', false],
    ]);
    expect(view.edges.map((e) => e.id)).toEqual([
      'argocd/argocd-repo-server->kube-system/kube-dns:53/UDP',
      'argocd/argocd-repo-server->world:api.github.com:443/TCP',
    ]);
  });

  it('is empty for a namespace never seen, and lists the namespaces seen', () => {
    const snapshot = homelab();
    expect(namespaceGraph(snapshot, 'nope')).toEqual({ namespace: 'nope', nodes: [], edges: [] });
    expect(namespacesOf(snapshot)).toEqual(['argocd', 'blog', 'kube-system', 'monitoring', 'traefik', 'webapp']);
  });
});
