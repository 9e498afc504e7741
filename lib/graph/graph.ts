/**
 * The service-map vocabulary shared by the server (which builds graphs) and the browser (which applies deltas).
 * Everything here is plain JSON-serialisable data; the mutable aggregation state lives in `aggregate.ts`.
 */
import type { L4Protocol, Verdict } from '../flow/flow';
import { VERDICTS } from '../flow/flow';

/** What a node stands for. `fqdn` is a world peer split out by its DNS name; `namespace` only appears in the overview. */
export type NodeKind =
  | 'workload'
  | 'world'
  | 'fqdn'
  | 'host'
  | 'kube-apiserver'
  | 'remote-node'
  | 'health'
  | 'ingress'
  | 'unmanaged'
  | 'init'
  | 'unknown';

/** The policy direction a policy-verdict event was evaluated in. */
export type PolicyDirection = 'INGRESS' | 'EGRESS';

/** An edge's protocol: the Layer4 variant, or `UNKNOWN` when the flow carried no L4 (field-masked exports). */
export type EdgeProtocol = L4Protocol | 'UNKNOWN';

/** Connection counts per verdict name; verdicts never seen are absent (read them with `?? 0`). */
export type VerdictCounts = Partial<Record<Verdict, number>>;

/** A service-map node: one workload identity (not a pod), or one reserved entity / DNS name. */
export interface GraphNode {
  /** Deterministic id: `<namespace>/<workload>`, `entity:<name>`, `world:<dns name>`, `unknown:<ns>`, `unknown`. */
  id: string;
  label: string;
  kind: NodeKind;
  /** Empty for entities and world peers. */
  namespace: string;
  /** Stable `k8s:key=value` labels shared by every pod seen (unstable keys removed), sorted. */
  labels: string[];
  /** Distinct pod names seen, saturating at the graph's `maxPodsPerNode`. */
  pods: number;
  firstSeen: number;
  lastSeen: number;
}

/** A service-map edge: connections from one node to another on one destination port and protocol. */
export interface GraphEdge {
  /** `<source>-><target>:<port>/<protocol>`. */
  id: string;
  source: string;
  target: string;
  /** Destination port; 0 for protocols without ports (ICMP, VRRP, IGMP) or when unknown. */
  port: number;
  protocol: EdgeProtocol;
  /** Connections per verdict (one connection counts once however many events reported it). */
  verdicts: VerdictCounts;
  firstSeen: number;
  lastSeen: number;
  /** The policy directions whose policy-verdict events said AUDIT, sorted (`EGRESS` before `INGRESS`). */
  auditDirections: PolicyDirection[];
  /**
   * Uuids of the most recent flows that touched the edge, oldest first (bounded). Absent on the live map feed,
   * whose side panel asks for an edge's flows when it opens (`GET /api/namespaces/{ns}/edges/flows?id=`).
   */
  recentFlows?: string[];
}

/** A whole graph (or a window or a part of one), nodes and edges sorted by id. */
export interface GraphSnapshot {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** What changed between two states of a graph. Removed entries are ids; added and updated are whole objects. */
export interface GraphDelta {
  nodesAdded: GraphNode[];
  nodesUpdated: GraphNode[];
  nodesRemoved: string[];
  edgesAdded: GraphEdge[];
  edgesUpdated: GraphEdge[];
  edgesRemoved: string[];
}

/** The one empty delta; producers return it (the same object) whenever nothing changed. */
export const EMPTY_GRAPH_DELTA: GraphDelta = Object.freeze({
  nodesAdded: Object.freeze([]) as unknown as GraphNode[],
  nodesUpdated: Object.freeze([]) as unknown as GraphNode[],
  nodesRemoved: Object.freeze([]) as unknown as string[],
  edgesAdded: Object.freeze([]) as unknown as GraphEdge[],
  edgesUpdated: Object.freeze([]) as unknown as GraphEdge[],
  edgesRemoved: Object.freeze([]) as unknown as string[],
});

/** True when a delta changes nothing. */
export function isEmptyGraphDelta(delta: GraphDelta): boolean {
  return (
    delta.nodesAdded.length === 0 &&
    delta.nodesUpdated.length === 0 &&
    delta.nodesRemoved.length === 0 &&
    delta.edgesAdded.length === 0 &&
    delta.edgesUpdated.length === 0 &&
    delta.edgesRemoved.length === 0
  );
}

/** The deterministic id of an edge. */
export function edgeIdOf(source: string, target: string, port: number, protocol: EdgeProtocol): string {
  return `${source}->${target}:${port}/${protocol}`;
}

/** Orders anything with an id by UTF-16 code units: locale-independent, so outputs are byte-stable. */
export function compareById(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Index of each verdict in {@link VERDICTS}, for counters kept in arrays. */
export const VERDICT_INDEX: Readonly<Record<Verdict, number>> = Object.freeze(
  Object.fromEntries(VERDICTS.map((v, i) => [v, i])) as Record<Verdict, number>,
);

/** Builds a {@link VerdictCounts} from counters indexed like {@link VERDICTS}; zero counts are left out. */
export function verdictCountsOf(counts: ArrayLike<number>): VerdictCounts {
  const out: VerdictCounts = {};
  for (let i = 0; i < VERDICTS.length; i++) if (counts[i] > 0) out[VERDICTS[i]] = counts[i];
  return out;
}

/** Bit of each policy direction in an audit mask. */
export const AUDIT_EGRESS = 1;
/** See {@link AUDIT_EGRESS}. */
export const AUDIT_INGRESS = 2;

/** The directions of an audit mask, `EGRESS` first. */
export function auditDirectionsOf(mask: number): PolicyDirection[] {
  if (mask === 0) return [];
  if (mask === AUDIT_EGRESS) return ['EGRESS'];
  if (mask === AUDIT_INGRESS) return ['INGRESS'];
  return ['EGRESS', 'INGRESS'];
}
