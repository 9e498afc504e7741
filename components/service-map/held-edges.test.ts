import { describe, expect, it } from 'vitest';
import { applyFlows } from '@/lib/graph/aggregate';
import { graphSnapshot } from '@/lib/graph/graph-snapshot';
import { createServiceGraph } from '@/lib/graph/service-graph';
import { flowBetween } from '@/lib/testing/flow-builders';
import { namespaceGraph } from '@/lib/graph/namespace-graph';
import { heldEdgeIds } from './held-edges';
import { toElements } from './to-elements';

describe('heldEdgeIds', () => {
  it('names the graph edges that carry the sample flows of held findings, and only those', () => {
    const debug = flowBetween('webapp/debug-netshoot', 'webapp/postgres', { port: 5432 });
    const scrape = flowBetween('monitoring/prometheus', 'webapp/webapp', { port: 9090 });
    const graph = createServiceGraph();
    applyFlows(graph, [debug, scrape]);
    const edges = graphSnapshot(graph).edges.map((e) => e.id);
    const held = heldEdgeIds([{ held: true, samples: [debug] }, { held: false, samples: [scrape] }]);
    expect([...held]).toEqual(['webapp/debug-netshoot->webapp/postgres:5432/TCP']);
    expect(edges).toContain([...held][0]);
  });

  it('is empty when nothing is held (a finding accepted by a reviewer is no longer held)', () => {
    expect(heldEdgeIds([{ held: false, samples: [flowBetween('a/a', 'b/b')] }, { samples: [flowBetween('a/a', 'c/c')] }]).size).toBe(0);
  });

  it('marks the drawn edge that carries a held connection, and no other', () => {
    const debug = flowBetween('webapp/debug-netshoot', 'webapp/postgres', { port: 5432 });
    const app = flowBetween('webapp/webapp', 'webapp/postgres', { port: 5432 });
    const graph = createServiceGraph();
    applyFlows(graph, [debug, app]);
    const edges = toElements(namespaceGraph(graphSnapshot(graph), 'webapp'), undefined, heldEdgeIds([{ held: true, samples: [debug] }])).filter((e) => e.group === 'edges');
    expect(edges.filter((e) => e.data.held).map((e) => [e.data.id, e.classes])).toEqual([['pair:webapp/debug-netshoot->webapp/postgres', 'v-audit held']]);
    expect(edges).toHaveLength(2);
  });
});
