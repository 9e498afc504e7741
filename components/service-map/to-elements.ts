import type { ElementDefinition } from 'cytoscape';
import type { GraphEdge } from '@/lib/graph/model';
import type { NamespaceGraph, NamespaceGraphNode } from '@/lib/graph/namespace-graph';

/**
 * Pure translation of a namespace graph into cytoscape elements: the namespace's own workloads inside a
 * namespace box, peers of other namespaces inside one box per namespace, entities and world peers on their own.
 * Filters hide what users call noise, as Hubble UI's "visual" toggles do.
 */

/** Which verdict class an edge is drawn with. AUDIT wins: it is what the rollout is about. */
export type EdgeVerdictClass = 'audit' | 'dropped' | 'forwarded' | 'other';

/** Map filters. */
export interface MapFilters {
  /** Verdict classes to show. Default: all. */
  verdicts: Record<EdgeVerdictClass, boolean>;
  /** Hide DNS to the cluster resolver (port 53). */
  hideDns: boolean;
  /** Hide the host (kubelet probes) and remote-node. */
  hideHost: boolean;
  /** Hide Prometheus scrapes. */
  hidePrometheus: boolean;
  /** Text that highlights matching nodes (others are dimmed). */
  search: string;
}

export const DEFAULT_MAP_FILTERS: MapFilters = {
  verdicts: { audit: true, dropped: true, forwarded: true, other: true },
  hideDns: false,
  hideHost: false,
  hidePrometheus: false,
  search: '',
};

export function edgeVerdictClass(edge: GraphEdge): EdgeVerdictClass {
  if (edge.verdicts.AUDIT) return 'audit';
  if (edge.verdicts.DROPPED) return 'dropped';
  if (edge.verdicts.FORWARDED || edge.verdicts.REDIRECTED) return 'forwarded';
  return 'other';
}

/** Hover text of an edge: its port and connection counts per verdict. */
export function edgeHoverLabel(edge: GraphEdge): string {
  const label = edge.port ? `${edge.port}/${edge.protocol}` : edge.protocol;
  return `${label}  ✓${edge.verdicts.FORWARDED ?? 0} ✕${edge.verdicts.DROPPED ?? 0} ⚠${edge.verdicts.AUDIT ?? 0}`;
}

function isNoise(edge: GraphEdge, nodes: Map<string, NamespaceGraphNode>, filters: MapFilters): boolean {
  const source = nodes.get(edge.source);
  const target = nodes.get(edge.target);
  if (filters.hideDns && edge.port === 53) return true;
  if (filters.hideHost && [source?.kind, target?.kind].some((k) => k === 'host' || k === 'remote-node' || k === 'health')) return true;
  if (filters.hidePrometheus && source && /prometheus/.test(source.label)) return true;
  return false;
}

/** The cytoscape elements of a namespace graph under the given filters, in a stable order. */
export function toElements(graph: NamespaceGraph, filters: MapFilters = DEFAULT_MAP_FILTERS): ElementDefinition[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const edges = graph.edges.filter((e) => filters.verdicts[edgeVerdictClass(e)] && !isNoise(e, byId, filters));
  const connected = new Set<string>();
  for (const e of edges) {
    connected.add(e.source);
    connected.add(e.target);
  }
  const query = filters.search.trim().toLowerCase();
  const parents = new Map<string, ElementDefinition>();
  const nodes: ElementDefinition[] = [];
  for (const node of graph.nodes) {
    const own = node.namespace === graph.namespace;
    if (!own && !connected.has(node.id)) continue;
    let parent: string | undefined;
    if (node.namespace) {
      parent = `ns:${node.namespace}`;
      if (!parents.has(parent)) {
        parents.set(parent, { group: 'nodes', data: { id: parent, label: node.namespace, kind: own ? 'namespace-own' : 'namespace-peer' }, classes: own ? 'ns-box own' : 'ns-box peer' });
      }
    }
    const match = query !== '' && (node.label.toLowerCase().includes(query) || node.labels.some((l) => l.toLowerCase().includes(query)));
    const dim = query !== '' && !match;
    nodes.push({
      group: 'nodes',
      data: { id: node.id, label: node.label, kind: node.kind, namespace: node.namespace, parent, pods: node.pods },
      classes: `kind-${node.kind}${node.external ? ' external' : ''}${match ? ' match' : ''}${dim ? ' dim' : ''}`,
    });
  }
  const edgeElements: ElementDefinition[] = edges.map((e) => ({
    group: 'edges',
    // NOTE: counts stay out of the element data: they change with every flow, and touching 2,000 edges' data
    // each second makes cytoscape restyle them all. Hover text reads them from the graph instead.
    data: { id: e.id, source: e.source, target: e.target, label: e.port ? `${e.port}/${e.protocol}` : e.protocol },
    classes: `v-${edgeVerdictClass(e)}`,
  }));
  return [...parents.values(), ...nodes, ...edgeElements];
}
