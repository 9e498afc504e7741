import { describe, expect, it } from 'vitest';
import { homelabFlows } from '../testing/graph-builders';
import { applyFlows } from './aggregate';
import { graphSnapshot } from './graph-snapshot';
import { namespaceGraph } from './namespace-graph';
import { overviewGraph } from './overview';
import { createServiceGraph } from './service-graph';

// The golden file was written once by this test and reviewed by eye; to change it on purpose, delete it (or run
// `npx vitest run -u lib/graph`) and review the diff.
describe('homelab golden graph', () => {
  it('aggregates the fixed scenario into the reviewed graph, namespace view and overview', async () => {
    const graph = createServiceGraph();
    applyFlows(graph, homelabFlows());
    const snapshot = graphSnapshot(graph);
    const golden = { stats: graph.stats, graph: snapshot, namespaceBlog: namespaceGraph(snapshot, 'blog'), overview: overviewGraph(snapshot) };
    await expect(`${JSON.stringify(golden, null, 2)}\n`).toMatchFileSnapshot('./testdata/homelab.golden.json');
  });

  it('does not depend on how the flows are batched', () => {
    const flows = homelabFlows();
    const whole = createServiceGraph();
    applyFlows(whole, flows);
    const batched = createServiceGraph();
    for (let i = 0; i < flows.length; i += 7) applyFlows(batched, flows.slice(i, i + 7));
    expect(graphSnapshot(batched)).toEqual(graphSnapshot(whole));
  });
});
