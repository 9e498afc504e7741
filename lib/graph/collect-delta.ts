import { compareById, EMPTY_GRAPH_DELTA, type GraphDelta } from './graph';
import { edgeView, nodeView } from './graph-snapshot';
import type { ServiceGraph } from './service-graph';

/**
 * Turns the current batch's bookkeeping (`touched*`, `removed*`) into a {@link GraphDelta} and resets it.
 * Something created and evicted within the same batch never reaches the delta. Lists are sorted by id.
 */
export function collectDelta(graph: ServiceGraph): GraphDelta {
  const { touchedNodes, touchedEdges, removedNodes, removedEdges, batch } = graph;
  if (touchedNodes.length + touchedEdges.length + removedNodes.length + removedEdges.length === 0) return EMPTY_GRAPH_DELTA;
  const delta: GraphDelta = { nodesAdded: [], nodesUpdated: [], nodesRemoved: [], edgesAdded: [], edgesUpdated: [], edgesRemoved: [] };
  for (const node of touchedNodes) {
    if (node.removed) continue;
    (node.created === batch ? delta.nodesAdded : delta.nodesUpdated).push(nodeView(node));
  }
  for (const edge of touchedEdges) {
    if (edge.removed) continue;
    (edge.created === batch ? delta.edgesAdded : delta.edgesUpdated).push(edgeView(edge));
  }
  for (const node of removedNodes) if (node.created !== batch) delta.nodesRemoved.push(node.id);
  for (const edge of removedEdges) if (edge.created !== batch) delta.edgesRemoved.push(edge.id);
  touchedNodes.length = 0;
  touchedEdges.length = 0;
  removedNodes.length = 0;
  removedEdges.length = 0;
  delta.nodesAdded.sort(compareById);
  delta.nodesUpdated.sort(compareById);
  delta.edgesAdded.sort(compareById);
  delta.edgesUpdated.sort(compareById);
  delta.nodesRemoved.sort();
  delta.edgesRemoved.sort();
  return delta;
}
