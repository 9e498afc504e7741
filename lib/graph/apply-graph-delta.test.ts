import { describe, expect, it } from 'vitest';
import { homelabFlows } from '../testing/graph-builders';
import { applyFlows } from './aggregate';
import { applyGraphDelta } from './apply-graph-delta';
import { diffGraphSnapshots } from './diff-graph-snapshots';
import { graphSnapshot } from './graph-snapshot';
import { EMPTY_GRAPH_DELTA, type GraphSnapshot } from './graph';
import { createServiceGraph } from './service-graph';
import { createWindowedGraph, snapshot } from './windowed-graph';

const EMPTY: GraphSnapshot = { nodes: [], edges: [] };

describe('applyGraphDelta', () => {
  it('returns the same snapshot for an empty delta', () => {
    const state = { nodes: [], edges: [], extra: 1 };
    expect(applyGraphDelta(state, EMPTY_GRAPH_DELTA)).toBe(state);
    expect(applyGraphDelta(state, { ...EMPTY_GRAPH_DELTA, nodesAdded: [] })).toBe(state);
  });

  it('rebuilds the server graph from the deltas of every batch', () => {
    const graph = createServiceGraph({ maxEdgesPerNamespace: 1 });
    const flows = homelabFlows();
    let browser = EMPTY;
    for (let i = 0; i < flows.length; i += 5) browser = applyGraphDelta(browser, applyFlows(graph, flows.slice(i, i + 5)));
    expect(browser).toEqual(graphSnapshot(graph));
    expect(graph.evicted.edges).toBeGreaterThan(0); // the run exercised removals too
  });

  it('keeps the identity of the untouched array and elements', () => {
    const graph = createServiceGraph();
    const flows = homelabFlows();
    const before = applyGraphDelta(EMPTY, applyFlows(graph, flows.slice(0, 30)));
    const onlyEdgeUpdate = { ...EMPTY_GRAPH_DELTA, edgesUpdated: [{ ...before.edges[0], lastSeen: before.edges[0].lastSeen + 1 }] };
    const after = applyGraphDelta(before, onlyEdgeUpdate);
    expect(after.nodes).toBe(before.nodes);
    expect(after.edges[1]).toBe(before.edges[1]);
    expect(after.edges[0].lastSeen).toBe(before.edges[0].lastSeen + 1);
  });

  it('treats an update for an unknown id as an addition and keeps ids sorted', () => {
    const node = { id: 'b/b', label: 'b', kind: 'workload' as const, namespace: 'b', labels: [], pods: 1, firstSeen: 0, lastSeen: 0 };
    const next = applyGraphDelta({ nodes: [{ ...node, id: 'c/c' }], edges: [] }, { ...EMPTY_GRAPH_DELTA, nodesUpdated: [node] });
    expect(next.nodes.map((n) => n.id)).toEqual(['b/b', 'c/c']);
  });
});

describe('diffGraphSnapshots', () => {
  it('is empty for equal snapshots and round-trips through applyGraphDelta', () => {
    const graph = createWindowedGraph();
    applyFlows(graph, homelabFlows());
    const start = homelabFlows()[0].time;
    const early = snapshot(graph, '15m', start + 30_000);
    const late = snapshot(graph, '15m', start + 16 * 60_000);
    expect(diffGraphSnapshots(early, snapshot(graph, '15m', start + 30_000))).toBe(EMPTY_GRAPH_DELTA);
    const delta = diffGraphSnapshots(early, late);
    expect(delta.edgesRemoved.length).toBeGreaterThan(0);
    expect(applyGraphDelta(early, delta)).toEqual(late);
  });
});
