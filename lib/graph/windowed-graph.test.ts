import { describe, expect, it } from 'vitest';
import { FIXED_TIME } from '../testing/flow-builders';
import { connectionFlows } from '../testing/graph-builders';
import { applyFlows } from './aggregate';
import { createWindowedGraph, isGraphWindow, snapshot } from './windowed-graph';

const MIN = 60_000;

describe('windowed graph', () => {
  // One connection a→b per minute for 90 minutes, then b→c once at minute 100.
  function ninetyMinutes() {
    const graph = createWindowedGraph();
    for (let m = 0; m < 90; m++) applyFlows(graph, connectionFlows('a/a', 'b/b', { id: `m${m}`, at: m * MIN }));
    applyFlows(graph, connectionFlows('b/b', 'c/c', { id: 'late', at: 100 * MIN, egress: 'AUDIT' }));
    return graph;
  }

  it('counts exactly per minute bucket inside 15m and 1h windows, per hour inside 24h', () => {
    const graph = ninetyMinutes();
    const now = FIXED_TIME + 105 * MIN + 30_000;
    const ab = (w: '15m' | '1h' | '24h' | 'all') => snapshot(graph, w, now).edges.find((e) => e.id === 'a/a->b/b:80/TCP');
    expect(ab('15m')).toBeUndefined(); // last seen at minute 89, more than 15 minutes ago
    expect(ab('1h')?.verdicts).toEqual({ FORWARDED: 45 }); // minutes 45..89 (the bucket holding the start counts whole)
    expect(ab('24h')?.verdicts).toEqual({ FORWARDED: 90 });
    expect(ab('all')?.verdicts).toEqual({ FORWARDED: 90 });
  });

  it('drops edges and nodes not seen within the window', () => {
    const graph = ninetyMinutes();
    const view = snapshot(graph, '15m', FIXED_TIME + 105 * MIN + 30_000);
    expect(view.nodes.map((n) => n.id)).toEqual(['b/b', 'c/c']);
    expect(view.edges).toMatchObject([{ id: 'b/b->c/c:80/TCP', verdicts: { AUDIT: 1 }, auditDirections: ['EGRESS'] }]);
    expect(snapshot(graph, '24h', FIXED_TIME + 30 * 60 * MIN).edges).toEqual([]);
  });

  it('keeps window counts exact when a connection moves to its policy verdict across a minute boundary', () => {
    const graph = createWindowedGraph();
    const flows = connectionFlows('a/a', 'b/b', { id: 'c', at: MIN - 1, egress: 'AUDIT', order: 'traces-first' });
    applyFlows(graph, flows);
    expect(snapshot(graph, '15m', FIXED_TIME + 2 * MIN).edges[0].verdicts).toEqual({ AUDIT: 1 });
  });

  it('answers "all" with the cumulative graph', () => {
    const graph = ninetyMinutes();
    expect(snapshot(graph, 'all', 0).edges.map((e) => e.id)).toEqual(['a/a->b/b:80/TCP', 'b/b->c/c:80/TCP']);
  });

  it('parses window names', () => {
    expect(['15m', '1h', '24h', 'all', '2h', 3].map(isGraphWindow)).toEqual([true, true, true, true, false, false]);
  });
});
