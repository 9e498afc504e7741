import { describe, expect, it } from 'vitest';
import { homelabFlows } from '../testing/graph-builders';
import { applyFlows } from './aggregate';
import { graphSnapshot } from './graph-snapshot';
import { overviewGraph } from './overview';
import { createServiceGraph } from './service-graph';

describe('overviewGraph', () => {
  it('folds workloads into namespaces, world peers into one world node, with verdict mixes', () => {
    const graph = createServiceGraph();
    applyFlows(graph, homelabFlows());
    const overview = overviewGraph(graphSnapshot(graph));
    const webapp = overview.nodes.find((n) => n.id === 'namespace:webapp');
    expect(webapp).toMatchObject({ kind: 'namespace', workloads: 2, verdicts: { DROPPED: 1, AUDIT: 3 }, internal: { AUDIT: 2 } });
    expect(overview.nodes.filter((n) => n.kind === 'world').map((n) => [n.id, n.workloads])).toEqual([['entity:world', 2]]);
    expect(overview.edges.find((e) => e.id === 'namespace:webapp->entity:world')).toMatchObject({ verdicts: { AUDIT: 1 }, auditDirections: ['EGRESS'] });
    expect(overview.edges.some((e) => e.source === e.target)).toBe(false);
  });
});
