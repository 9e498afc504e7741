import type { EdgeState, NodeState, ServiceGraph } from './service-graph';

/**
 * Enforces the per-namespace caps of `graph`: while a namespace holds more edges (or nodes) than allowed, the
 * least recently seen are removed, and nodes left without edges go with them. Counts into `graph.evicted` and
 * records the removals for the batch's delta. Cheap when nothing is over cap (one size check per namespace).
 */
export function evictOverCap(graph: ServiceGraph): void {
  const { maxEdgesPerNamespace, maxNodesPerNamespace } = graph.options;
  for (const state of graph.namespaces.values()) {
    if (state.edges.size > maxEdgesPerNamespace) {
      for (const edge of leastRecent(state.edges, state.edges.size - maxEdgesPerNamespace)) removeEdge(graph, edge);
    }
    if (state.nodes.size > maxNodesPerNamespace) {
      for (const node of leastRecent(state.nodes, state.nodes.size - maxNodesPerNamespace)) removeNode(graph, node);
    }
  }
}

/** Removes an edge and any node it leaves without edges. */
export function removeEdge(graph: ServiceGraph, edge: EdgeState): void {
  if (edge.removed) return;
  edge.removed = true;
  graph.evicted.edges++;
  graph.edges.delete(edge.id);
  graph.namespaces.get(edge.namespace)?.edges.delete(edge);
  const byPort = edge.source.out.get(edge.target);
  if (byPort !== undefined) {
    for (const [key, candidate] of byPort) if (candidate === edge) byPort.delete(key);
    if (byPort.size === 0) edge.source.out.delete(edge.target);
  }
  graph.removedEdges.push(edge);
  for (const node of [edge.source, edge.target]) {
    node.edges.delete(edge);
    if (node.edges.size === 0) removeNode(graph, node);
  }
}

/** Removes a node and its edges. */
export function removeNode(graph: ServiceGraph, node: NodeState): void {
  if (node.removed) return;
  node.removed = true;
  graph.evicted.nodes++;
  graph.nodes.delete(node.id);
  graph.namespaces.get(node.namespace)?.nodes.delete(node);
  graph.removedNodes.push(node);
  for (const edge of [...node.edges]) removeEdge(graph, edge);
}

function leastRecent<T extends { lastSeen: number; id: string }>(items: Set<T>, count: number): T[] {
  // Ties broken by id so eviction is deterministic.
  const sorted = [...items].sort((a, b) => a.lastSeen - b.lastSeen || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sorted.slice(0, count);
}
