import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode, GraphSnapshot } from '../graph/graph';
import { namespaceDependents } from './namespace-dependents';

const node = (id: string, kind: GraphNode['kind'] = 'workload'): GraphNode => {
  const [namespace, label] = id.includes('/') ? id.split('/') : ['', id];
  return { id, label, kind, namespace, labels: [`k8s:app=${label}`], pods: 1, firstSeen: 1, lastSeen: 2 };
};
const edge = (source: string, target: string): GraphEdge => ({ id: `${source}->${target}:80/TCP`, source, target, port: 80, protocol: 'TCP', verdicts: { FORWARDED: 1 }, firstSeen: 1, lastSeen: 2, auditDirections: [], recentFlows: [] });

describe('namespaceDependents', () => {
  it('lists a namespace\'s workloads and the outside peers connecting into it, infrastructure left out', () => {
    const snapshot: GraphSnapshot = {
      nodes: [node('blog/blog'), node('blog/cache'), node('traefik/traefik'), node('entity:host', 'host'), node('entity:world', 'world'), node('monitoring/prometheus')],
      edges: [
        edge('traefik/traefik', 'blog/blog'),
        edge('entity:host', 'blog/blog'),
        edge('entity:world', 'blog/blog'),
        edge('monitoring/prometheus', 'blog/blog'),
        edge('blog/blog', 'blog/cache'),
        edge('blog/blog', 'entity:world'),
      ],
    };
    const deps = namespaceDependents(snapshot);
    expect(deps.get('blog')).toEqual({
      workloads: [{ name: 'blog', labels: ['k8s:app=blog'], lastSeen: 2 }, { name: 'cache', labels: ['k8s:app=cache'], lastSeen: 2 }],
      inboundPeers: ['entity:world', 'monitoring/prometheus', 'traefik/traefik'],
    });
    expect(deps.get('traefik')?.inboundPeers).toEqual([]);
    expect(deps.has('')).toBe(false);
  });
});
