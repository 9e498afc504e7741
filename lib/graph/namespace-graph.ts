import type { GraphEdge, GraphNode, GraphSnapshot } from './graph';

/** A node of a namespace view. */
export interface NamespaceGraphNode extends GraphNode {
  /**
   * True for a workload of another namespace (a peer the UI groups by its `namespace`, outside the box).
   * False for the namespace's own nodes and for entities/world peers (their `kind` says what they are).
   */
  external: boolean;
}

/** The map of one namespace: `GET /api/namespaces/{ns}/graph` returns this shape. */
export interface NamespaceGraph {
  namespace: string;
  /** Sorted by id. */
  nodes: NamespaceGraphNode[];
  /** Sorted by id. */
  edges: GraphEdge[];
}

/**
 * The part of `snapshot` that concerns `namespace`: its nodes, every edge with an end in it, and the peers at the
 * other end of those edges (workloads of other namespaces marked `external`, entities and world peers as they are).
 * Deterministic: same input, same output, sorted by id.
 */
export function namespaceGraph(snapshot: GraphSnapshot, namespace: string): NamespaceGraph {
  const byId = new Map<string, GraphNode>();
  for (const node of snapshot.nodes) byId.set(node.id, node);
  const inNamespace = (id: string): boolean => byId.get(id)?.namespace === namespace;
  const edges = snapshot.edges.filter((edge) => inNamespace(edge.source) || inNamespace(edge.target));
  const wanted = new Set<string>();
  for (const edge of edges) {
    wanted.add(edge.source);
    wanted.add(edge.target);
  }
  const nodes: NamespaceGraphNode[] = [];
  for (const node of snapshot.nodes) {
    if (node.namespace !== namespace && !wanted.has(node.id)) continue;
    nodes.push({ ...node, external: node.namespace !== '' && node.namespace !== namespace });
  }
  return { namespace, nodes, edges };
}

/** The namespaces present in a snapshot (those of its nodes; entities have none), sorted. */
export function namespacesOf(snapshot: GraphSnapshot): string[] {
  const out = new Set<string>();
  for (const node of snapshot.nodes) if (node.namespace) out.add(node.namespace);
  return [...out].sort();
}
