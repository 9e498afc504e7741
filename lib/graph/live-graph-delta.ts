import { edgeVerdictClass } from './edge-verdict-class';
import { sameArray, sameVerdictCounts } from './graph-equality';
import { joinById } from './join-by-id';
import { EMPTY_GRAPH_DELTA, type GraphDelta, type GraphEdge, type GraphNode, type GraphSnapshot } from './graph';

/** Options of {@link liveGraphDelta}. */
export interface LiveGraphDeltaOptions {
  /**
   * Whether counts are due this time: edges and nodes whose only change is in what the map does not draw (verdict
   * counts within the same verdict class, `lastSeen`, pods seen) are sent only then, all at once.
   */
  countsDue: boolean;
}

/** A live delta and what the browser holds once it applied it. */
export interface LiveGraphDeltaResult<G extends GraphSnapshot> {
  delta: GraphDelta;
  /** `sent` with `delta` applied: elements left out keep the version the browser has (pass it as the next `sent`). */
  sent: G;
}

/**
 * The delta of a live map feed from what the browser holds (`sent`) to the graph now (`next`), both sorted by id.
 * What changes the drawing is sent at once: nodes and edges added or removed (an edge is one port of a peer pair,
 * so the ports drawn change with them), an edge's verdict class (its colour) or audit directions, a node's name,
 * kind, namespace, labels (the search matches them) or `external` mark. Count-only changes (connections per
 * verdict within the same class, `lastSeen`, pods) wait for `countsDue` and are then sent together with their
 * latest values, so a busy map does not resend every edge each second. Edges are sent without `recentFlows`
 * (the side panel asks for an edge's flows when it opens). Returns `EMPTY_GRAPH_DELTA` (and `sent` itself) when
 * there is nothing to send.
 */
export function liveGraphDelta<G extends GraphSnapshot>(sent: G, next: G, options: LiveGraphDeltaOptions): LiveGraphDeltaResult<G> {
  const delta: GraphDelta = { nodesAdded: [], nodesUpdated: [], nodesRemoved: [], edgesAdded: [], edgesUpdated: [], edgesRemoved: [] };
  const nodes = mergeSorted(sent.nodes, next.nodes, (a, b) => sameNodeCounts(a, b), sameDrawnNode, options.countsDue, delta.nodesAdded, delta.nodesUpdated, delta.nodesRemoved, (n) => n);
  const edges = mergeSorted(sent.edges, next.edges, sameEdgeCounts, sameDrawnEdge, options.countsDue, delta.edgesAdded, delta.edgesUpdated, delta.edgesRemoved, withoutRecentFlows);
  const changes =
    delta.nodesAdded.length + delta.nodesUpdated.length + delta.nodesRemoved.length +
    delta.edgesAdded.length + delta.edgesUpdated.length + delta.edgesRemoved.length;
  if (changes === 0) return { delta: EMPTY_GRAPH_DELTA, sent };
  return { delta, sent: { ...next, nodes, edges } };
}

/** An edge as the live feed sends it: without the uuids of its recent flows. */
export function withoutRecentFlows(edge: GraphEdge): GraphEdge {
  if (edge.recentFlows === undefined) return edge;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { recentFlows, ...rest } = edge;
  return rest;
}

function mergeSorted<T extends { id: string }>(
  prev: readonly T[],
  next: readonly T[],
  sameCounts: (a: T, b: T) => boolean,
  sameDrawn: (a: T, b: T) => boolean,
  countsDue: boolean,
  added: T[],
  updated: T[],
  removed: string[],
  wire: (item: T) => T,
): T[] {
  const held: T[] = [];
  joinById(prev, next, {
    removed: (a) => removed.push(a.id),
    added: (b) => {
      added.push(wire(b));
      held.push(b);
    },
    both: (a, b) => {
      const unchanged = a === b || (sameDrawn(a, b) && (!countsDue || sameCounts(a, b)));
      if (unchanged) held.push(a);
      else {
        updated.push(wire(b));
        held.push(b);
      }
    },
  });
  return held;
}

function sameDrawnNode(a: GraphNode, b: GraphNode): boolean {
  return (
    a.label === b.label &&
    a.kind === b.kind &&
    a.namespace === b.namespace &&
    (a as { external?: boolean }).external === (b as { external?: boolean }).external &&
    sameArray(a.labels, b.labels)
  );
}

function sameNodeCounts(a: GraphNode, b: GraphNode): boolean {
  return a.pods === b.pods && a.firstSeen === b.firstSeen && a.lastSeen === b.lastSeen;
}

function sameDrawnEdge(a: GraphEdge, b: GraphEdge): boolean {
  return (
    a.source === b.source &&
    a.target === b.target &&
    a.port === b.port &&
    a.protocol === b.protocol &&
    edgeVerdictClass(a) === edgeVerdictClass(b) &&
    sameArray(a.auditDirections, b.auditDirections)
  );
}

function sameEdgeCounts(a: GraphEdge, b: GraphEdge): boolean {
  if (a.firstSeen !== b.firstSeen || a.lastSeen !== b.lastSeen) return false;
  return sameVerdictCounts(a, b);
}
