import { auditDirectionsOf, compareById, verdictCountsOf, type GraphEdge, type GraphNode, type GraphSnapshot } from './graph';
import type { EdgeState, NodeState, ServiceGraph } from './service-graph';

/**
 * The whole graph since start (cumulative counts), nodes and edges sorted by id. Unchanged nodes and edges are
 * the same objects as in the previous snapshot or delta, so consumers can compare by reference.
 */
export function graphSnapshot(graph: ServiceGraph): GraphSnapshot {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const node of graph.nodes.values()) nodes.push(nodeView(node));
  for (const edge of graph.edges.values()) edges.push(edgeView(edge));
  return { nodes: nodes.sort(compareById), edges: edges.sort(compareById) };
}

/** The plain view of a node, cached until the node changes. */
export function nodeView(node: NodeState): GraphNode {
  if (node.view !== undefined) return node.view;
  node.view = {
    id: node.id,
    label: node.label,
    kind: node.kind,
    namespace: node.namespace,
    labels: node.labels.slice(),
    pods: node.pods.size,
    firstSeen: node.firstSeen,
    lastSeen: node.lastSeen,
  };
  return node.view;
}

/** The plain view of an edge (cumulative counts), cached until the edge changes. */
export function edgeView(edge: EdgeState): GraphEdge {
  if (edge.view !== undefined) return edge.view;
  edge.view = edgeViewWith(edge, edge.counts, edge.auditMask);
  return edge.view;
}

/** The plain view of an edge with the given counts and audit mask (a window's, for instance). Not cached. */
export function edgeViewWith(edge: EdgeState, counts: ArrayLike<number>, auditMask: number): GraphEdge {
  return {
    id: edge.id,
    source: edge.source.id,
    target: edge.target.id,
    port: edge.port,
    protocol: edge.protocol,
    verdicts: verdictCountsOf(counts),
    firstSeen: edge.firstSeen,
    lastSeen: edge.lastSeen,
    auditDirections: auditDirectionsOf(auditMask),
    recentFlows: recentFlowsOf(edge),
  };
}

function recentFlowsOf(edge: EdgeState): string[] {
  const recent = edge.recent;
  if (edge.recentNext === 0) return recent.slice();
  return recent.slice(edge.recentNext).concat(recent.slice(0, edge.recentNext));
}
