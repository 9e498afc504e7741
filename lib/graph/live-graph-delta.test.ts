import { describe, expect, it } from 'vitest';
import { applyGraphDelta } from './apply-graph-delta';
import { liveGraphDelta } from './live-graph-delta';
import { EMPTY_GRAPH_DELTA, type GraphEdge, type GraphNode, type GraphSnapshot, type VerdictCounts } from './graph';

const node = (id: string, extra: Partial<GraphNode> = {}): GraphNode => ({ id, label: id, kind: 'workload', namespace: 'shop', labels: [], pods: 1, firstSeen: 0, lastSeen: 0, ...extra });
const edge = (source: string, target: string, verdicts: VerdictCounts, extra: Partial<GraphEdge> = {}): GraphEdge => ({
  id: `${source}->${target}:80/TCP`, source, target, port: 80, protocol: 'TCP', verdicts, firstSeen: 0, lastSeen: 0, auditDirections: [], recentFlows: ['u1'], ...extra,
});
const graph = (edges: GraphEdge[], nodes = [node('a'), node('b'), node('c')]): GraphSnapshot => ({ nodes, edges: [...edges].sort((x, y) => (x.id < y.id ? -1 : 1)) });

describe('liveGraphDelta', () => {
  it('holds back a count-only change until counts are due, then sends the latest counts once', () => {
    const sent = graph([edge('a', 'b', { FORWARDED: 1 })]);
    const second = graph([edge('a', 'b', { FORWARDED: 5 }, { lastSeen: 10, recentFlows: ['u1', 'u2'] })], [node('a', { pods: 2, lastSeen: 10 }), node('b'), node('c')]);
    const held = liveGraphDelta(sent, second, { countsDue: false });
    expect(held.delta).toBe(EMPTY_GRAPH_DELTA);
    expect(held.sent).toBe(sent);
    const third = graph([edge('a', 'b', { FORWARDED: 9 }, { lastSeen: 20 })], [node('a', { pods: 2, lastSeen: 20 }), node('b'), node('c')]);
    const due = liveGraphDelta(held.sent, third, { countsDue: true });
    expect(due.delta.edgesUpdated).toEqual([{ ...third.edges[0], recentFlows: undefined }]);
    expect(due.delta.nodesUpdated.map((n) => [n.id, n.pods, n.lastSeen])).toEqual([['a', 2, 20]]);
    expect(applyGraphDelta(sent, due.delta).edges[0].verdicts).toEqual({ FORWARDED: 9 });
  });

  it('sends a verdict class change at once, without the flow uuids', () => {
    const sent = graph([edge('a', 'b', { FORWARDED: 3 }), edge('a', 'c', { FORWARDED: 1 })]);
    const next = graph([edge('a', 'b', { FORWARDED: 3, AUDIT: 1 }, { auditDirections: ['EGRESS'] }), edge('a', 'c', { FORWARDED: 2 })]);
    const { delta, sent: after } = liveGraphDelta(sent, next, { countsDue: false });
    expect(delta.edgesUpdated.map((e) => [e.id, e.verdicts])).toEqual([['a->b:80/TCP', { FORWARDED: 3, AUDIT: 1 }]]);
    expect(delta.edgesUpdated[0]).not.toHaveProperty('recentFlows');
    // The count-only change of a->c is still owed: it goes with the next due counts.
    expect(after.edges.find((e) => e.id === 'a->c:80/TCP')?.verdicts).toEqual({ FORWARDED: 1 });
    expect(liveGraphDelta(after, next, { countsDue: true }).delta.edgesUpdated.map((e) => e.id)).toEqual(['a->c:80/TCP']);
  });

  it('sends new and removed edges and nodes at once', () => {
    const sent = graph([edge('a', 'b', { FORWARDED: 3 })]);
    const next = graph([edge('a', 'c', { DROPPED: 1 })], [node('a'), node('c'), node('d')]);
    const { delta, sent: after } = liveGraphDelta(sent, next, { countsDue: false });
    expect(delta.edgesRemoved).toEqual(['a->b:80/TCP']);
    expect(delta.edgesAdded.map((e) => e.id)).toEqual(['a->c:80/TCP']);
    expect(delta.nodesRemoved).toEqual(['b']);
    expect(delta.nodesAdded.map((n) => n.id)).toEqual(['d']);
    expect(applyGraphDelta(sent, delta).edges.map((e) => e.id)).toEqual(['a->c:80/TCP']);
    expect(after.edges).toEqual(next.edges);
  });

  it('sends a node whose drawn name or labels changed at once', () => {
    const sent = graph([]);
    const next = graph([], [node('a', { labels: ['k8s:app=a'] }), node('b'), node('c', { label: 'cart' })]);
    expect(liveGraphDelta(sent, next, { countsDue: false }).delta.nodesUpdated.map((n) => n.id)).toEqual(['a', 'c']);
  });
});
