import { describe, expect, it } from 'vitest';
import { connectionFlows } from '../testing/graph-builders';
import { applyFlows } from './aggregate';
import { graphSnapshot } from './graph-snapshot';
import { createServiceGraph } from './service-graph';

const toB = (i: number) => connectionFlows('a/a', `b/b${i}`, { id: `c${i}`, at: i * 1000 });

describe('per-namespace caps', () => {
  it('evicts the least recently seen edges over the cap, their orphaned nodes with them', () => {
    const graph = createServiceGraph({ maxEdgesPerNamespace: 3 });
    for (let i = 0; i < 3; i++) applyFlows(graph, toB(i));
    applyFlows(graph, connectionFlows('a/a', 'b/b0', { id: 'again', at: 10_000 })); // b0 is recent again
    const delta = applyFlows(graph, [...toB(3), ...toB(4)]);
    expect(graphSnapshot(graph).edges.map((e) => e.target)).toEqual(['b/b0', 'b/b3', 'b/b4']);
    expect(delta.edgesRemoved).toEqual(['a/a->b/b1:80/TCP', 'a/a->b/b2:80/TCP']);
    expect(delta.nodesRemoved).toEqual(['b/b1', 'b/b2']);
    expect(graph.evicted).toEqual({ nodes: 2, edges: 2 });
  });

  it('never reports something created and evicted in the same batch', () => {
    const graph = createServiceGraph({ maxEdgesPerNamespace: 2 });
    const delta = applyFlows(graph, [0, 1, 2, 3].flatMap(toB));
    expect(delta.edgesAdded.map((e) => e.target)).toEqual(['b/b2', 'b/b3']);
    expect([delta.edgesRemoved, delta.nodesRemoved]).toEqual([[], []]);
    expect(graph.evicted.edges).toBe(2);
  });

  it('caps nodes per namespace, removing their edges', () => {
    const graph = createServiceGraph({ maxNodesPerNamespace: 2 });
    applyFlows(graph, [0, 1, 2].flatMap((i) => connectionFlows(`x/x${i}`, 'y/y', { id: `n${i}`, at: i * 1000 })));
    expect(graphSnapshot(graph).nodes.map((n) => n.id)).toEqual(['x/x1', 'x/x2', 'y/y']);
    expect(graph.evicted).toEqual({ nodes: 1, edges: 1 });
  });

  it('counts a connection of an evicted edge again on a fresh edge', () => {
    const graph = createServiceGraph({ maxEdgesPerNamespace: 1 });
    const [egress, trace] = toB(0);
    applyFlows(graph, [egress]);
    applyFlows(graph, toB(1));
    applyFlows(graph, [{ ...trace, time: trace.time + 2000 }]);
    expect(graphSnapshot(graph).edges).toMatchObject([{ target: 'b/b0', verdicts: { FORWARDED: 1 } }]);
  });
});
