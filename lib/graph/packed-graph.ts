/**
 * A namespace's map packed for the page's HTML: the page carries the last hour's map so the canvas draws before the
 * live feed connects, and at 2,100 edges the plain JSON is over half a megabyte (each edge repeating its id and both
 * node ids, inside the React payload's escaped string), which the server compresses and the browser parses before
 * the first frame. Packed, nodes stay as they are and each edge is a run of numbers in one array: node indices
 * instead of ids, times after a base, the protocol and verdicts as indices. `unpackNamespaceGraph` gives back the
 * same graph (edge ids rebuilt with `edgeIdOf`; an edge whose id is not that is carried whole).
 */
import { VERDICTS } from '../flow/flow';
import { compareById, edgeIdOf, VERDICT_INDEX, type EdgeProtocol, type GraphEdge, type PolicyDirection, type VerdictCounts } from './graph';
import type { NamespaceGraph, NamespaceGraphNode } from './namespace-graph';

/** See the module comment. */
export interface PackedNamespaceGraph {
  namespace: string;
  nodes: NamespaceGraphNode[];
  /** The protocols the edges use; edges refer to them by index. */
  protocols: EdgeProtocol[];
  /** Times in `edges` are ms after this. */
  base: number;
  /**
   * Per edge, in order: source node index, target node index, port, protocol index, firstSeen - base,
   * lastSeen - firstSeen, audit directions (1 EGRESS, 2 INGRESS), the number of verdicts counted, then a
   * (verdict index, count) pair for each.
   */
  edges: number[];
  /** Edges that do not fit the packing (an id not built by `edgeIdOf`, an end not among the nodes, recent flows). */
  whole: GraphEdge[];
}

const EGRESS = 1;
const INGRESS = 2;

/** Packs `graph` (see {@link PackedNamespaceGraph}). */
export function packNamespaceGraph(graph: NamespaceGraph): PackedNamespaceGraph {
  const nodeIndex = new Map<string, number>();
  graph.nodes.forEach((n, i) => nodeIndex.set(n.id, i));
  const protocols: EdgeProtocol[] = [];
  let base = Infinity;
  for (const e of graph.edges) if (e.firstSeen < base) base = e.firstSeen;
  if (!Number.isFinite(base)) base = 0;
  const edges: number[] = [];
  const whole: GraphEdge[] = [];
  for (const e of graph.edges) {
    const source = nodeIndex.get(e.source);
    const target = nodeIndex.get(e.target);
    if (source === undefined || target === undefined || e.id !== edgeIdOf(e.source, e.target, e.port, e.protocol) || e.recentFlows !== undefined) {
      whole.push(e);
      continue;
    }
    let protocol = protocols.indexOf(e.protocol);
    if (protocol < 0) protocol = protocols.push(e.protocol) - 1;
    let directions = 0;
    for (const d of e.auditDirections) directions |= d === 'EGRESS' ? EGRESS : INGRESS;
    const counted = Object.entries(e.verdicts).filter(([, count]) => count !== undefined) as [keyof typeof VERDICT_INDEX, number][];
    edges.push(source, target, e.port, protocol, e.firstSeen - base, e.lastSeen - e.firstSeen, directions, counted.length);
    for (const [verdict, count] of counted) edges.push(VERDICT_INDEX[verdict], count);
  }
  return { namespace: graph.namespace, nodes: graph.nodes, protocols, base, edges, whole };
}

/** The graph {@link packNamespaceGraph} packed, edges in their original order within the packed and the whole ones. */
export function unpackNamespaceGraph(packed: PackedNamespaceGraph): NamespaceGraph {
  const { nodes, protocols, base } = packed;
  const numbers = packed.edges;
  const edges: GraphEdge[] = [];
  for (let i = 0; i < numbers.length; ) {
    const source = nodes[numbers[i]].id;
    const target = nodes[numbers[i + 1]].id;
    const port = numbers[i + 2];
    const protocol = protocols[numbers[i + 3]];
    const firstSeen = base + numbers[i + 4];
    const lastSeen = firstSeen + numbers[i + 5];
    const directions = numbers[i + 6];
    const counted = numbers[i + 7];
    i += 8;
    const verdicts: VerdictCounts = {};
    for (let k = 0; k < counted; k++, i += 2) verdicts[VERDICTS[numbers[i]]] = numbers[i + 1];
    const auditDirections: PolicyDirection[] = [];
    if (directions & EGRESS) auditDirections.push('EGRESS');
    if (directions & INGRESS) auditDirections.push('INGRESS');
    edges.push({ id: edgeIdOf(source, target, port, protocol), source, target, port, protocol, verdicts, firstSeen, lastSeen, auditDirections });
  }
  if (packed.whole.length > 0) {
    edges.push(...packed.whole);
    edges.sort(compareById);
  }
  return { namespace: packed.namespace, nodes, edges };
}
