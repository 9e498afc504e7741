import type { ElementDefinition } from 'cytoscape';
import { edgeVerdictClass, type EdgeVerdictClass } from '@/lib/graph/edge-verdict-class';
import type { GraphEdge } from '@/lib/graph/graph';
import type { NamespaceGraph, NamespaceGraphNode } from '@/lib/graph/namespace-graph';
import { cardSize } from './layout-positions';

export { edgeVerdictClass, type EdgeVerdictClass };

/**
 * Pure translation of a namespace graph into cytoscape elements (cards and per-peer edges, see toElements).
 * Filters hide what users call noise, as Hubble UI's "visual" toggles do.
 */


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

/** Hover text of an edge: its port and connection counts per verdict. */
export function edgeHoverLabel(edge: GraphEdge): string {
  const label = portLabel(edge);
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

/**
 * Sets `twoWay` on the data of each edge whose reverse (target to source) is drawn too: those two are curved apart
 * (bezier), every other edge is drawn straight, which looks the same for a lone edge and spares cytoscape its
 * search for parallel edges on every recalculation (a good part of a big map's first render).
 */
export function markTwoWay(edges: readonly ElementDefinition[]): void {
  const pairs = new Set(edges.map((e) => `${e.data.source}\n${e.data.target}`));
  for (const e of edges) e.data.twoWay = e.data.source !== e.data.target && pairs.has(`${e.data.target}\n${e.data.source}`);
}

/** The id of the drawn edge that carries every port from `source` to `target`. */
export function pairEdgeId(source: string, target: string): string {
  return `pair:${source}->${target}`;
}

const NO_HELD: ReadonlySet<string> = new Set();

/** Past this many drawn edges a map is big: edge labels show on hover only, and redraws are spaced out. */
export const BIG_MAP_EDGES = 400;

const CLASS_ORDER: Record<EdgeVerdictClass, number> = { audit: 0, dropped: 1, forwarded: 2, other: 3 };

/** Port label of an edge: `443/TCP`, or the protocol alone. */
export function portLabel(edge: GraphEdge): string {
  return edge.port ? `${edge.port}/${edge.protocol}` : edge.protocol;
}

/** The text on a node's card: its name, with the namespace for peers of another namespace. */
export function cardLabel(node: NamespaceGraphNode, ownNamespace: string): string {
  return node.namespace && node.namespace !== ownNamespace ? `${node.namespace}/${node.label}` : node.label;
}

/**
 * The cytoscape elements of a namespace graph under the given filters, in a stable order. Nodes are cards with
 * their name inside (peers of other namespaces named `namespace/name`, dashed); edges are grouped per peer pair,
 * one drawn edge per direction labelled with its ports, drawn in the colour of its most telling verdict (AUDIT
 * first). `members` lists the graph edges a drawn edge carries (newline-separated). A drawn edge carrying a graph
 * edge in `held` (connections of findings held for review, see heldEdgeIds) gets the class `held`.
 */
export function toElements(graph: NamespaceGraph, filters: MapFilters = DEFAULT_MAP_FILTERS, held: ReadonlySet<string> = NO_HELD): ElementDefinition[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const edges = graph.edges.filter((e) => filters.verdicts[edgeVerdictClass(e)] && !isNoise(e, byId, filters));
  const connected = new Set<string>();
  const pairs = new Map<string, GraphEdge[]>();
  for (const e of edges) {
    connected.add(e.source);
    connected.add(e.target);
    const id = pairEdgeId(e.source, e.target);
    pairs.set(id, [...(pairs.get(id) ?? []), e]);
  }
  const query = filters.search.trim().toLowerCase();
  const nodes: ElementDefinition[] = [];
  for (const node of graph.nodes) {
    const own = node.namespace === graph.namespace;
    if (!own && !connected.has(node.id)) continue;
    const match = query !== '' && (node.label.toLowerCase().includes(query) || node.labels.some((l) => l.toLowerCase().includes(query)));
    const dim = query !== '' && !match;
    const label = cardLabel(node, graph.namespace);
    const size = cardSize(label, node.kind);
    nodes.push({
      group: 'nodes',
      // Only what the canvas draws or lays out: every data change restyles the card and redraws the map (pod
      // counts grow for a while on a fresh map; the side panel reads them from the graph).
      data: { id: node.id, label, kind: node.kind, namespace: node.namespace, width: size.width, height: size.height },
      classes: `kind-${node.kind}${node.external ? ' external' : ''}${match ? ' match' : ''}${dim ? ' dim' : ''}`,
    });
  }
  // NOTE: counts stay out of the element data: they change with every flow, and touching 2,000 edges' data each
  // second makes cytoscape restyle them all. Hover text and the side panel read them from the graph instead.
  const edgeElements: ElementDefinition[] = [...pairs].map(([id, members]) => {
    const sorted = [...members].sort((a, b) => CLASS_ORDER[edgeVerdictClass(a)] - CLASS_ORDER[edgeVerdictClass(b)] || a.port - b.port);
    const ports = [...new Set(sorted.map(portLabel))];
    const label = ports.length > 3 ? `${ports.slice(0, 3).join(' · ')} +${ports.length - 3}` : ports.join(' · ');
    const isHeld = members.some((e) => held.has(e.id));
    return {
      group: 'edges',
      data: { id, source: members[0].source, target: members[0].target, label, members: sorted.map((e) => e.id).join('\n'), count: members.length, held: isHeld },
      classes: `v-${edgeVerdictClass(sorted[0])}${isHeld ? ' held' : ''}`,
    };
  });
  // A big map draws its edges without labels (at fit they would be too small to draw anyway, and measuring and
  // placing 2,000 labels is a good part of every redraw): hovering an edge shows its ports and counts. Its AUDIT
  // dashes are longer (styles.ts, `bigMap`).
  if (edgeElements.length > BIG_MAP_EDGES) {
    for (const e of edgeElements) {
      e.data.label = '';
      e.data.bigMap = true;
    }
  }
  markTwoWay(edgeElements);
  return [...nodes, ...edgeElements];
}
