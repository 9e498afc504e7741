import { VERDICTS } from '../flow/flow';
import { ConnectionTracker } from './connection-tracker';
import type { EdgeBuckets } from './edge-buckets';
import { createIdentityCache, type IdentityCache } from './identity-cache';
import type { EdgeProtocol, GraphEdge, GraphNode, NodeKind } from './graph';

/** Options of {@link createServiceGraph}. */
export interface ServiceGraphOptions {
  /** k8s label keys that name a workload, most stable first. Default: `DEFAULT_WORKLOAD_LABELS`. */
  labelPriority?: readonly string[];
  /** Hard cap on nodes per namespace (entities and world peers share the namespace `''`). Default: 2000. */
  maxNodesPerNamespace?: number;
  /** Hard cap on edges per namespace (an edge belongs to its source's namespace, else its target's). Default: 10000. */
  maxEdgesPerNamespace?: number;
  /** Distinct pod names remembered per node; `GraphNode.pods` saturates here. Default: 100. */
  maxPodsPerNode?: number;
  /** Flow uuids kept per edge in `GraphEdge.recentFlows`. Default: 20. */
  recentFlowsPerEdge?: number;
  /** Window in which events of one connection are merged (see `ConnectionTrackerOptions.windowMs`). Default: 30000. */
  connectionWindowMs?: number;
  /** Allocate the connection tracker at its full size up front (see `ConnectionTrackerOptions.preallocate`). */
  preallocateConnections?: boolean;
  /** Keep per-minute/per-hour counters on every edge, as windowed graphs need. Default: false. */
  buckets?: boolean;
}

/** Mutable state of one node. Internal to `lib/graph`; read graphs through snapshots. */
export interface NodeState {
  readonly id: string;
  readonly label: string;
  readonly kind: NodeKind;
  readonly namespace: string;
  labels: string[];
  /** Label arrays (by reference, from the identity cache) already folded into `labels`. */
  labelSources: Set<readonly string[]>;
  pods: Set<string>;
  firstSeen: number;
  lastSeen: number;
  /** Outgoing edges by target, then by port key (see {@link portKeyOf}). */
  out: Map<NodeState, Map<number, EdgeState>>;
  /** All incident edges. */
  edges: Set<EdgeState>;
  /** Batch that created / last changed the node. */
  created: number;
  mark: number;
  removed: boolean;
  /** Cached view; undefined after a change. */
  view: GraphNode | undefined;
}

/** Mutable state of one edge. */
export interface EdgeState {
  readonly id: string;
  readonly source: NodeState;
  readonly target: NodeState;
  readonly port: number;
  readonly protocol: EdgeProtocol;
  /** Namespace whose cap the edge counts against. */
  readonly namespace: string;
  /** Connections per verdict, indexed like `VERDICTS`. */
  counts: number[];
  auditMask: number;
  firstSeen: number;
  lastSeen: number;
  recent: string[];
  recentNext: number;
  buckets: EdgeBuckets | undefined;
  created: number;
  mark: number;
  removed: boolean;
  view: GraphEdge | undefined;
}

/** The nodes and edges counted against one namespace's caps. */
export interface NamespaceState {
  nodes: Set<NodeState>;
  edges: Set<EdgeState>;
}

/** Counters of what {@link ServiceGraph} has ingested. */
export interface ServiceGraphStats {
  flows: number;
  /** Replies (or flows that look like replies) ignored. */
  replies: number;
  /** Connections counted. */
  connections: number;
  /** Events merged into a connection already counted. */
  merged: number;
}

/**
 * The live service graph: nodes, edges, and the bookkeeping that keeps counts per connection and memory bounded.
 * Build it with {@link createServiceGraph}, feed it with `applyFlows`, read it with `graphSnapshot`.
 */
export interface ServiceGraph {
  readonly options: Readonly<Required<Omit<ServiceGraphOptions, 'labelPriority'>>>;
  readonly nodes: Map<string, NodeState>;
  readonly edges: Map<string, EdgeState>;
  readonly namespaces: Map<string, NamespaceState>;
  readonly identities: IdentityCache;
  readonly connections: ConnectionTracker<EdgeState>;
  /** Number of the current/last `applyFlows` batch. */
  batch: number;
  touchedNodes: NodeState[];
  touchedEdges: EdgeState[];
  removedNodes: NodeState[];
  removedEdges: EdgeState[];
  /** Nodes and edges evicted by the per-namespace caps since the start. */
  readonly evicted: { nodes: number; edges: number };
  readonly stats: ServiceGraphStats;
}

/** Creates an empty {@link ServiceGraph}. */
export function createServiceGraph(options: ServiceGraphOptions = {}): ServiceGraph {
  return {
    options: {
      maxNodesPerNamespace: options.maxNodesPerNamespace ?? 2000,
      maxEdgesPerNamespace: options.maxEdgesPerNamespace ?? 10000,
      maxPodsPerNode: options.maxPodsPerNode ?? 100,
      recentFlowsPerEdge: options.recentFlowsPerEdge ?? 20,
      connectionWindowMs: options.connectionWindowMs ?? 30000,
      preallocateConnections: options.preallocateConnections ?? false,
      buckets: options.buckets ?? false,
    },
    nodes: new Map(),
    edges: new Map(),
    namespaces: new Map(),
    identities: createIdentityCache({ labelPriority: options.labelPriority }),
    connections: new ConnectionTracker({ windowMs: options.connectionWindowMs, preallocate: options.preallocateConnections }),
    batch: 0,
    touchedNodes: [],
    touchedEdges: [],
    removedNodes: [],
    removedEdges: [],
    evicted: { nodes: 0, edges: 0 },
    stats: { flows: 0, replies: 0, connections: 0, merged: 0 },
  };
}

const PROTOCOLS: EdgeProtocol[] = ['UNKNOWN', 'TCP', 'UDP', 'SCTP', 'ICMPv4', 'ICMPv6', 'VRRP', 'IGMP'];
const PROTOCOL_INDEX = Object.fromEntries(PROTOCOLS.map((p, i) => [p, i])) as Record<EdgeProtocol, number>;

/** A number unique to (port, protocol), used to key edges without building strings per flow. */
export function portKeyOf(port: number, protocol: EdgeProtocol): number {
  return port * 8 + PROTOCOL_INDEX[protocol];
}

/** The namespace state for `namespace`, created on first use. */
export function namespaceStateOf(graph: ServiceGraph, namespace: string): NamespaceState {
  let state = graph.namespaces.get(namespace);
  if (state === undefined) graph.namespaces.set(namespace, (state = { nodes: new Set(), edges: new Set() }));
  return state;
}

/** Marks a node changed in the current batch. */
export function markNode(graph: ServiceGraph, node: NodeState): void {
  node.view = undefined;
  if (node.mark === graph.batch) return;
  node.mark = graph.batch;
  graph.touchedNodes.push(node);
}

/** Marks an edge changed in the current batch. */
export function markEdge(graph: ServiceGraph, edge: EdgeState): void {
  edge.view = undefined;
  if (edge.mark === graph.batch) return;
  edge.mark = graph.batch;
  graph.touchedEdges.push(edge);
}

/** A zeroed verdict counter array. */
export function emptyCounts(): number[] {
  return new Array<number>(VERDICTS.length).fill(0);
}
