import { VERDICTS, type Verdict } from '../flow/flow';
import {
  AUDIT_EGRESS,
  AUDIT_INGRESS,
  auditDirectionsOf,
  compareById,
  type GraphNode,
  type GraphSnapshot,
  type NodeKind,
  type PolicyDirection,
  type VerdictCounts,
} from './graph';

/** A node of the all-namespaces overview: a namespace, or an entity (all world/FQDN peers fold into `entity:world`). */
export interface OverviewNode {
  /** `namespace:<ns>` for a namespace, else the entity's node id (`entity:host`, `entity:world`, `unknown`, ...). */
  id: string;
  label: string;
  kind: NodeKind | 'namespace';
  namespace: string;
  /** Nodes folded into this one: the workloads of a namespace, the DNS names + world of `entity:world`. */
  workloads: number;
  /** Connections on every edge touching the node, per verdict (edges inside a namespace counted once). */
  verdicts: VerdictCounts;
  /** Connections between the namespace's own workloads, per verdict. */
  internal: VerdictCounts;
  firstSeen: number;
  lastSeen: number;
}

/** All traffic from one overview node to another, whatever the workloads and ports. */
export interface OverviewEdge {
  /** `<source>-><target>`. */
  id: string;
  source: string;
  target: string;
  verdicts: VerdictCounts;
  /** Service-map edges folded into this one. */
  edges: number;
  /** Their ports (`443/TCP`, or the protocol alone), most connections first. */
  ports: string[];
  firstSeen: number;
  lastSeen: number;
  auditDirections: PolicyDirection[];
}

/** The all-namespaces overview, sorted by id. */
export interface OverviewGraph {
  nodes: OverviewNode[];
  edges: OverviewEdge[];
}

/**
 * Folds a graph (or a window of one) into the all-namespaces overview: namespaces as nodes with their workload
 * count and verdict totals, and one edge per pair of namespaces/entities with the verdict mix between them.
 */
export function overviewGraph(snapshot: GraphSnapshot): OverviewGraph {
  const groupOf = new Map<string, OverviewNode>();
  const groups = new Map<string, OverviewNode>();
  for (const node of snapshot.nodes) {
    const group = groupFor(groups, node);
    group.workloads++;
    group.firstSeen = Math.min(group.firstSeen, node.firstSeen);
    group.lastSeen = Math.max(group.lastSeen, node.lastSeen);
    groupOf.set(node.id, group);
  }
  const edges = new Map<string, OverviewEdge>();
  const portCounts = new Map<string, Map<string, number>>();
  for (const edge of snapshot.edges) {
    const source = groupOf.get(edge.source);
    const target = groupOf.get(edge.target);
    if (source === undefined || target === undefined) continue;
    addCounts(source.verdicts, edge.verdicts);
    if (source === target) {
      addCounts(source.internal, edge.verdicts);
      continue;
    }
    addCounts(target.verdicts, edge.verdicts);
    const id = `${source.id}->${target.id}`;
    let folded = edges.get(id);
    if (folded === undefined) {
      folded = { id, source: source.id, target: target.id, verdicts: {}, edges: 0, ports: [], firstSeen: edge.firstSeen, lastSeen: edge.lastSeen, auditDirections: [] };
      edges.set(id, folded);
      portCounts.set(id, new Map());
    }
    const port = edge.port ? `${edge.port}/${edge.protocol}` : edge.protocol;
    const counts = portCounts.get(id)!;
    counts.set(port, (counts.get(port) ?? 0) + Object.values(edge.verdicts).reduce((n, c) => n + (c ?? 0), 0));
    folded.edges++;
    addCounts(folded.verdicts, edge.verdicts);
    folded.firstSeen = Math.min(folded.firstSeen, edge.firstSeen);
    folded.lastSeen = Math.max(folded.lastSeen, edge.lastSeen);
    folded.auditDirections = auditDirectionsOf(maskOf(folded.auditDirections) | maskOf(edge.auditDirections));
  }
  for (const node of groups.values()) {
    node.verdicts = ordered(node.verdicts);
    node.internal = ordered(node.internal);
  }
  for (const edge of edges.values()) {
    edge.verdicts = ordered(edge.verdicts);
    edge.ports = [...portCounts.get(edge.id)!].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([port]) => port);
  }
  return { nodes: [...groups.values()].sort(compareById), edges: [...edges.values()].sort(compareById) };
}

// Keys in VERDICTS order whatever order the edges came in, so serialised overviews are byte-stable.
function ordered(counts: VerdictCounts): VerdictCounts {
  const out: VerdictCounts = {};
  for (const verdict of VERDICTS) if (counts[verdict] !== undefined) out[verdict] = counts[verdict];
  return out;
}

function groupFor(groups: Map<string, OverviewNode>, node: GraphNode): OverviewNode {
  const entity = node.kind === 'fqdn' || node.kind === 'world';
  const id = node.namespace ? `namespace:${node.namespace}` : entity ? 'entity:world' : node.id;
  let group = groups.get(id);
  if (group === undefined) {
    const kind = node.namespace ? 'namespace' : entity ? 'world' : node.kind;
    const label = node.namespace || (entity ? 'world' : node.label);
    group = { id, label, kind, namespace: node.namespace, workloads: 0, verdicts: {}, internal: {}, firstSeen: node.firstSeen, lastSeen: node.lastSeen };
    groups.set(id, group);
  }
  return group;
}

function addCounts(into: VerdictCounts, from: VerdictCounts): void {
  for (const key of Object.keys(from) as Verdict[]) into[key] = (into[key] ?? 0) + (from[key] ?? 0);
}

function maskOf(directions: readonly PolicyDirection[]): number {
  let mask = 0;
  for (const d of directions) mask |= d === 'EGRESS' ? AUDIT_EGRESS : AUDIT_INGRESS;
  return mask;
}
