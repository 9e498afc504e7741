import { describe, expect, it } from 'vitest';
import { homelabFlows } from '../testing/graph-builders';
import { connectionFlows } from '../testing/graph-builders';
import { applyFlows } from './aggregate';
import { withoutRecentFlows } from './live-graph-delta';
import { namespaceGraph, type NamespaceGraph } from './namespace-graph';
import { packNamespaceGraph, unpackNamespaceGraph } from './packed-graph';
import { createWindowedGraph, snapshot } from './windowed-graph';
import type { Flow } from '../flow/flow';

/** The page's map of `namespace` after `flows` (as page-snapshot.ts builds it: last hour, no recent flows). */
function pageGraph(flows: Flow[], namespace: string): NamespaceGraph {
  const graph = createWindowedGraph();
  applyFlows(graph, flows);
  const now = Math.max(...flows.map((f) => f.time));
  const g = namespaceGraph(snapshot(graph, '1h', now), namespace);
  return { ...g, edges: g.edges.map(withoutRecentFlows) };
}

/** 300 workloads, each talking to 7 others; 1 connection in 10 AUDIT, 1 in 20 DROPPED. */
function bigNamespace(): Flow[] {
  const flows: Flow[] = [];
  for (let i = 0; i < 2100; i++) {
    const src = i % 300;
    const k = Math.floor(i / 300);
    const dst = (src * 7 + k * 13 + 1) % 300;
    const verdict = i % 10 === 3 ? 'AUDIT' : i % 20 === 7 ? 'DROPPED' : 'FORWARDED';
    flows.push(...connectionFlows(`bench/svc-${src}`, `bench/svc-${dst}`, { id: `c${i}`, at: i * 10, port: 8000 + (k % 3), egress: verdict, ingress: verdict === 'AUDIT' ? 'AUDIT' : null, traces: 0 }));
  }
  return flows;
}

describe('packed namespace graph', () => {
  it('gives back the same graph: the homelab demo namespaces and a 300-workload one', () => {
    const homelab = homelabFlows();
    for (const namespace of ['webapp', 'traefik', 'argocd', 'monitoring']) {
      const graph = pageGraph(homelab, namespace);
      expect(graph.edges.length).toBeGreaterThan(0);
      expect(unpackNamespaceGraph(JSON.parse(JSON.stringify(packNamespaceGraph(graph))))).toEqual(graph);
    }
    const big = pageGraph(bigNamespace(), 'bench');
    expect(big.edges.length).toBeGreaterThanOrEqual(2000);
    expect(big.edges.some((e) => e.auditDirections.length === 2)).toBe(true);
    const packed = packNamespaceGraph(big);
    expect(packed.whole).toEqual([]);
    expect(unpackNamespaceGraph(JSON.parse(JSON.stringify(packed)))).toEqual(big);
    // What the page carries: under a third of the plain JSON.
    expect(JSON.stringify(packed).length).toBeLessThan(JSON.stringify(big).length / 3);
  });

  it('carries whole the edges it cannot pack, in order', () => {
    const graph = pageGraph(homelabFlows(), 'webapp');
    const [first, second] = graph.edges;
    const odd: NamespaceGraph = {
      ...graph,
      edges: [
        { ...first, recentFlows: ['u1', 'u2'] },
        { ...second, protocol: 'UNKNOWN', port: 0, id: `${second.id}#odd`, verdicts: {}, auditDirections: [] },
        ...graph.edges.slice(2),
        { ...first, id: 'zz', source: 'not-a-node' },
      ],
    };
    const packed = packNamespaceGraph(odd);
    expect(packed.whole.map((e) => e.id)).toEqual([first.id, `${second.id}#odd`, 'zz']);
    expect(unpackNamespaceGraph(packed)).toEqual(odd);
  });

  it('packs an empty map', () => {
    const empty: NamespaceGraph = { namespace: 'quiet', nodes: [], edges: [] };
    expect(unpackNamespaceGraph(packNamespaceGraph(empty))).toEqual(empty);
  });
});
