import { sameArray, sameVerdictCounts } from './graph-equality';
import { joinById } from './join-by-id';
import { EMPTY_GRAPH_DELTA, type GraphDelta, type GraphEdge, type GraphNode, type GraphSnapshot } from './graph';

/**
 * The delta that turns `prev` into `next` (both sorted by id, as every producer in `lib/graph` returns them), so
 * that `applyGraphDelta(prev, diffGraphSnapshots(prev, next))` equals `next`. Used for windowed views, whose
 * counts change as time passes even without new flows. Returns `EMPTY_GRAPH_DELTA` when they are equal.
 */
export function diffGraphSnapshots(prev: GraphSnapshot, next: GraphSnapshot): GraphDelta {
  const delta: GraphDelta = { nodesAdded: [], nodesUpdated: [], nodesRemoved: [], edgesAdded: [], edgesUpdated: [], edgesRemoved: [] };
  diffSorted(prev.nodes, next.nodes, sameNode, delta.nodesAdded, delta.nodesUpdated, delta.nodesRemoved);
  diffSorted(prev.edges, next.edges, sameEdge, delta.edgesAdded, delta.edgesUpdated, delta.edgesRemoved);
  const changes =
    delta.nodesAdded.length + delta.nodesUpdated.length + delta.nodesRemoved.length +
    delta.edgesAdded.length + delta.edgesUpdated.length + delta.edgesRemoved.length;
  return changes === 0 ? EMPTY_GRAPH_DELTA : delta;
}

function diffSorted<T extends { id: string }>(
  prev: readonly T[],
  next: readonly T[],
  same: (a: T, b: T) => boolean,
  added: T[],
  updated: T[],
  removed: string[],
): void {
  joinById(prev, next, {
    removed: (a) => removed.push(a.id),
    added: (b) => added.push(b),
    both: (a, b) => {
      if (a !== b && !same(a, b)) updated.push(b);
    },
  });
}

function sameNode(a: GraphNode, b: GraphNode): boolean {
  return (
    a.label === b.label &&
    a.kind === b.kind &&
    a.namespace === b.namespace &&
    a.pods === b.pods &&
    a.firstSeen === b.firstSeen &&
    a.lastSeen === b.lastSeen &&
    sameArray(a.labels, b.labels)
  );
}

function sameEdge(a: GraphEdge, b: GraphEdge): boolean {
  if (a.firstSeen !== b.firstSeen || a.lastSeen !== b.lastSeen || a.source !== b.source || a.target !== b.target) return false;
  if (a.port !== b.port || a.protocol !== b.protocol) return false;
  if (!sameArray(a.auditDirections, b.auditDirections) || !sameArray(a.recentFlows ?? [], b.recentFlows ?? [])) return false;
  return sameVerdictCounts(a, b);
}
