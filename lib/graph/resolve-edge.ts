import type { Endpoint, Flow } from '../flow/flow';
import { createEdgeBuckets } from './edge-buckets';
import { cachedWorkloadOf } from './identity-cache';
import { edgeIdOf, type EdgeProtocol } from './graph';
import {
  emptyCounts,
  markEdge,
  markNode,
  namespaceStateOf,
  portKeyOf,
  type EdgeState,
  type NodeState,
  type ServiceGraph,
} from './service-graph';
import type { WorkloadIdentity } from './workload-identity';

/**
 * The edge a (non-reply) flow belongs to, creating its nodes and the edge as needed and noting the pods seen.
 * Times and counts are left to the caller.
 */
export function resolveEdge(graph: ServiceGraph, flow: Flow): EdgeState {
  const source = resolveNode(graph, flow.source, flow.sourceNames, flow.time);
  const target = resolveNode(graph, flow.destination, flow.destinationNames, flow.time);
  const l4 = flow.l4;
  const protocol: EdgeProtocol = l4 === undefined ? 'UNKNOWN' : l4.protocol;
  const port = l4 !== undefined && 'destinationPort' in l4 ? l4.destinationPort : 0;
  const key = portKeyOf(port, protocol);
  let byPort = source.out.get(target);
  const found = byPort?.get(key);
  if (found !== undefined) return found;
  if (byPort === undefined) source.out.set(target, (byPort = new Map()));
  const edge = createEdge(graph, source, target, port, protocol, flow.time);
  byPort.set(key, edge);
  return edge;
}

function createEdge(graph: ServiceGraph, source: NodeState, target: NodeState, port: number, protocol: EdgeProtocol, time: number): EdgeState {
  const edge: EdgeState = {
    id: edgeIdOf(source.id, target.id, port, protocol),
    source,
    target,
    port,
    protocol,
    namespace: source.namespace || target.namespace,
    counts: emptyCounts(),
    auditMask: 0,
    firstSeen: time,
    lastSeen: time,
    recent: [],
    recentNext: 0,
    buckets: graph.options.buckets ? createEdgeBuckets() : undefined,
    created: graph.batch,
    mark: -1,
    removed: false,
    view: undefined,
  };
  graph.edges.set(edge.id, edge);
  namespaceStateOf(graph, edge.namespace).edges.add(edge);
  source.edges.add(edge);
  target.edges.add(edge);
  markEdge(graph, edge);
  return edge;
}

function resolveNode(graph: ServiceGraph, endpoint: Endpoint, names: readonly string[], time: number): NodeState {
  const identity = cachedWorkloadOf(graph.identities, endpoint, names);
  let node = graph.nodes.get(identity.id);
  if (node === undefined) node = createNode(graph, identity, time);
  if (identity.labels.length > 0 && !node.labelSources.has(identity.labels)) foldLabels(graph, node, identity.labels);
  if (endpoint.podName && node.pods.size < graph.options.maxPodsPerNode && !node.pods.has(endpoint.podName)) {
    node.pods.add(endpoint.podName);
    markNode(graph, node);
  }
  return node;
}

function createNode(graph: ServiceGraph, identity: WorkloadIdentity, time: number): NodeState {
  const node: NodeState = {
    id: identity.id,
    label: identity.label,
    kind: identity.kind,
    namespace: identity.namespace,
    labels: [],
    labelSources: new Set(),
    pods: new Set(),
    firstSeen: time,
    lastSeen: time,
    out: new Map(),
    edges: new Set(),
    created: graph.batch,
    mark: -1,
    removed: false,
    view: undefined,
  };
  graph.nodes.set(node.id, node);
  namespaceStateOf(graph, node.namespace).nodes.add(node);
  markNode(graph, node);
  return node;
}

// NOTE: a node's labels are the intersection over every label set seen for it (e.g. two versions of a Deployment
// during a rollout), so they never name a single pod or revision. Each distinct label array is folded once; the
// set of those seen is capped so that a node with ever-changing identities cannot grow it without bound.
// A sighting without labels (field-masked export) says nothing about them and is not folded.
function foldLabels(graph: ServiceGraph, node: NodeState, labels: readonly string[]): void {
  const first = node.labelSources.size === 0;
  if (node.labelSources.size < 64) node.labelSources.add(labels);
  const next = first ? [...labels] : node.labels.filter((label) => labels.includes(label));
  if (!first && next.length === node.labels.length) return;
  node.labels = next;
  markNode(graph, node);
}
