/**
 * Flows → service graph, incrementally.
 *
 * Counting contract (what `GraphEdge.verdicts` means): one count per connection, not per event. A connection is
 * seen as several events: the EGRESS policy verdict at the source, the INGRESS one at the destination, trace
 * events at several observation points, drop notifications, L7 records, and replies. Replies never count and never
 * create edges. The other events are merged by 5-tuple (see `connection-tracker.ts`) and the connection counts once,
 * under the verdict of its policy-verdict events when there are any (the most severe one when the two sides
 * disagree: DROPPED > AUDIT > ERROR > the rest), else under the most severe verdict of its other events.
 */
import type { Flow, TrafficDirection } from '../flow/flow';
import { CiliumEventTypes, VERDICTS } from '../flow/flow';
import { connectionKeyOf, reverseConnectionKeyOf, type ConnectionTracker } from './connection-tracker';
import { addToBuckets } from './edge-buckets';
import { evictOverCap } from './evict-over-cap';
import { collectDelta } from './collect-delta';
import { AUDIT_EGRESS, AUDIT_INGRESS, VERDICT_INDEX, type GraphDelta } from './graph';
import { resolveEdge } from './resolve-edge';
import { markEdge, markNode, type EdgeState, type NodeState, type ServiceGraph } from './service-graph';

const AUDIT = VERDICT_INDEX.AUDIT;
const DROPPED = VERDICT_INDEX.DROPPED;
// Which verdict a connection reported twice is counted under; indexed like VERDICTS.
const SEVERITY = VERDICTS.map((v) => ({ DROPPED: 4, AUDIT: 3, ERROR: 2, VERDICT_UNKNOWN: 0 })[v as string] ?? 1);

/**
 * Applies a batch of flows to `graph` (mutating it) and returns what changed, as plain objects ready to send to
 * the browser. Returns `EMPTY_GRAPH_DELTA` (the same object) when nothing changed. Flows may arrive out of order;
 * first/last seen are the min/max of their times.
 */
export function applyFlows(graph: ServiceGraph, flows: readonly Flow[]): GraphDelta {
  graph.batch++;
  for (let i = 0; i < flows.length; i++) applyFlow(graph, flows[i]);
  evictOverCap(graph);
  return collectDelta(graph);
}

function applyFlow(graph: ServiceGraph, flow: Flow): void {
  graph.stats.flows++;
  if (flow.isReply === true || (flow.isReply === undefined && looksLikeReply(graph, flow))) {
    graph.stats.replies++;
    return;
  }
  const key = connectionKeyOf(flow);
  const verdict = VERDICT_INDEX[flow.verdict] ?? 0;
  const direction = flow.eventType === CiliumEventTypes.PolicyVerdict ? directionBit(flow.trafficDirection) : -1;
  const connections = graph.connections;
  const slot = connections.lookup(key, flow.time);
  if (slot >= 0 && !connections.edge(slot).removed && !isNewConnection(connections, slot, direction)) {
    graph.stats.merged++;
    mergeEvent(connections, slot, verdict, direction, flow.time);
    touchEdge(graph, connections.edge(slot), flow, verdict, direction);
    return;
  }
  const edge = resolveEdge(graph, flow);
  edge.counts[verdict]++;
  if (edge.buckets !== undefined) addToBuckets(edge.buckets, flow.time, verdict, 1);
  graph.stats.connections++;
  connections.remember(key, edge, verdict, direction >= 0, Math.max(direction, 0), flow.time);
  touchEdge(graph, edge, flow, verdict, direction);
}

// NOTE: an allowed (or audited) connection gets one policy verdict per direction, when its conntrack entry is
// created; a second one in a direction already reported means a new conntrack entry, i.e. a new connection reusing
// the 5-tuple. A denied connection has no conntrack entry, so its SYN retransmits repeat the DROPPED verdict: those
// stay one connection.
function isNewConnection(connections: ConnectionTracker<EdgeState>, slot: number, direction: number): boolean {
  return direction > 0 && (connections.directions(slot) & direction) !== 0 && connections.verdict(slot) !== DROPPED;
}

function mergeEvent(connections: ConnectionTracker<EdgeState>, slot: number, verdict: number, direction: number, time: number): void {
  connections.touch(slot, time);
  const counted = connections.verdict(slot);
  if (direction >= 0) {
    // A policy verdict decides over trace/drop/L7 events; between policy verdicts the most severe wins.
    const upgrade = !connections.fromPolicyVerdict(slot) || SEVERITY[verdict] > SEVERITY[counted];
    connections.addPolicyVerdict(slot, direction);
    if (upgrade && verdict !== counted) moveConnection(connections, slot, verdict);
  } else if (!connections.fromPolicyVerdict(slot) && SEVERITY[verdict] > SEVERITY[counted]) {
    moveConnection(connections, slot, verdict);
  }
}

function moveConnection(connections: ConnectionTracker<EdgeState>, slot: number, verdict: number): void {
  const edge = connections.edge(slot);
  const counted = connections.verdict(slot);
  edge.counts[counted]--;
  edge.counts[verdict]++;
  if (edge.buckets !== undefined) {
    // Moved within the bucket it was counted in, so window counts stay exact.
    const countedAt = connections.countedAt(slot);
    addToBuckets(edge.buckets, countedAt, counted, -1);
    addToBuckets(edge.buckets, countedAt, verdict, 1);
  }
  connections.setVerdict(slot, verdict);
}

function touchEdge(graph: ServiceGraph, edge: EdgeState, flow: Flow, verdict: number, direction: number): void {
  const time = flow.time;
  if (time < edge.firstSeen) edge.firstSeen = time;
  if (time > edge.lastSeen) edge.lastSeen = time;
  if (verdict === AUDIT && direction > 0) {
    edge.auditMask |= direction;
    if (edge.buckets !== undefined) addToBuckets(edge.buckets, time, verdict, 0, direction);
  }
  pushRecent(edge, flow.uuid, graph.options.recentFlowsPerEdge);
  markEdge(graph, edge);
  touchNode(graph, edge.source, time);
  touchNode(graph, edge.target, time);
}

function touchNode(graph: ServiceGraph, node: NodeState, time: number): void {
  if (time > node.lastSeen) node.lastSeen = time;
  else if (time < node.firstSeen) node.firstSeen = time;
  else return;
  markNode(graph, node);
}

function pushRecent(edge: EdgeState, uuid: string, capacity: number): void {
  const recent = edge.recent;
  for (let i = 0; i < recent.length; i++) if (recent[i] === uuid) return; // relay re-sends after reconnects
  if (recent.length < capacity) recent.push(uuid);
  else {
    recent[edge.recentNext] = uuid;
    edge.recentNext = (edge.recentNext + 1) % capacity;
  }
}

function directionBit(direction: TrafficDirection): number {
  return direction === 'EGRESS' ? AUDIT_EGRESS : direction === 'INGRESS' ? AUDIT_INGRESS : 0;
}

// NOTE: `is_reply` is absent on older agents and field-masked exports. Then a SYN-ACK, an ICMP echo reply, or a
// flow whose reverse 5-tuple is a connection already counted, is the reply half of that connection.
function looksLikeReply(graph: ServiceGraph, flow: Flow): boolean {
  if (flow.eventType === CiliumEventTypes.PolicyVerdict) return false;
  const l4 = flow.l4;
  if (l4 !== undefined && l4.protocol === 'TCP' && l4.flags.includes('SYN') && l4.flags.includes('ACK')) return true;
  if (l4 !== undefined && ((l4.protocol === 'ICMPv4' && l4.type === 0) || (l4.protocol === 'ICMPv6' && l4.type === 129))) return true;
  return graph.connections.has(reverseConnectionKeyOf(flow));
}
