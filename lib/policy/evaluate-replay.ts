import type { Flow, Verdict } from '../flow/flow';
import type { CiliumPolicy } from './cnp-types';
import type { FlowVerdict } from './evaluate-model';
import type { CompiledPolicies, CompilePoliciesOptions } from './evaluate-compile';
import { evaluateFlow } from './evaluate-flow';
import { toCompiledPolicies } from './evaluate-policies';
import { flowCount, lastSeenOf } from './reduce-flows';

/** Options of {@link replayFlows}. */
export interface ReplayOptions extends CompilePoliciesOptions {
  /** Distinct dropped connections kept as a sample per namespace. Default: 20. */
  sampleSize?: number;
  /** Distinct connections tracked per namespace for `connections`; past it the count is a lower bound. Default: 100000. */
  maxTrackedConnections?: number;
  /** Which flows to replay. Default: {@link isReplayable}. */
  include?: (flow: Flow) => boolean;
}

/**
 * Dropped flows of one connection: same direction, source, destination, protocol and destination port or ICMP
 * type. The source port is left out so that repeated connections between the same two pods count once.
 */
export interface DroppedConnection {
  key: string;
  /** The first flow seen. */
  flow: Flow;
  verdict: FlowVerdict;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

/** "N flows would be dropped if you enforced now" for one namespace (the namespace of the flow's subject). */
export interface NamespaceReplay {
  namespace: string;
  /** Flows replayed whose subject is a pod of this namespace. */
  evaluated: number;
  /** Of those, flows the policies would drop. */
  dropped: number;
  /** Dropped flows by their recorded verdict (`AUDIT` = still a hole; `FORWARDED` = would newly break). */
  byVerdict: Partial<Record<Verdict, number>>;
  /** Dropped flows by cause. */
  byReason: { 'denied-by': number; 'default-deny': number };
  /** Distinct dropped connections (see {@link DroppedConnection}). */
  connections: number;
  /** Up to `sampleSize` dropped connections, in order of first appearance. */
  sample: DroppedConnection[];
}

/** The result of {@link replayFlows}; namespaces sorted by name. */
export interface ReplayReport {
  evaluated: number;
  dropped: number;
  /** Flows left out by `include`. */
  skipped: number;
  namespaces: NamespaceReplay[];
}

/**
 * True for flows that carry a policy decision worth replaying: not replies (conntrack lets them through) and not
 * L7 records (their connection was decided at L3/L4 already).
 */
export function isReplayable(flow: Flow): boolean {
  return flow.isReply !== true && flow.type !== 'L7' && flow.eventType !== 129;
}

/**
 * Replays recorded flows against a policy set: per namespace, how many flows (and connections) would be
 * dropped if the policies were enforced now. Run it with the existing policies, then with existing + suggested,
 * for before/after numbers. Reduced flows (`reduceFlows`) count as many flows as they stand for, so replaying a
 * capture's verdict keys gives the same numbers as replaying every flow, at one evaluation per key.
 */
export function replayFlows(flows: Iterable<Flow>, policies: readonly CiliumPolicy[] | CompiledPolicies, options: ReplayOptions = {}): ReplayReport {
  const compiled = toCompiledPolicies(policies, options);
  const include = options.include ?? isReplayable;
  const sampleSize = options.sampleSize ?? 20;
  const maxTracked = options.maxTrackedConnections ?? 100000;
  const byNamespace = new Map<string, NamespaceState>();
  const report: ReplayReport = { evaluated: 0, dropped: 0, skipped: 0, namespaces: [] };
  for (const flow of flows) {
    const count = flowCount(flow);
    if (!include(flow)) {
      report.skipped += count;
      continue;
    }
    report.evaluated += count;
    const verdict = evaluateFlow(flow, compiled);
    const subject = verdict.direction === 'INGRESS' ? flow.destination : flow.source;
    if (!subject.namespace) continue;
    let state = byNamespace.get(subject.namespace);
    if (!state) byNamespace.set(subject.namespace, (state = newState(subject.namespace)));
    state.summary.evaluated += count;
    if (verdict.allowed) continue;
    report.dropped += count;
    recordDrop(state, flow, verdict, count, sampleSize, maxTracked);
  }
  report.namespaces = [...byNamespace.keys()].sort().map((ns) => byNamespace.get(ns)!.summary);
  return report;
}

interface NamespaceState {
  summary: NamespaceReplay;
  seen: Map<string, DroppedConnection | null>;
}

function newState(namespace: string): NamespaceState {
  const summary: NamespaceReplay = {
    namespace, evaluated: 0, dropped: 0, byVerdict: {}, byReason: { 'denied-by': 0, 'default-deny': 0 }, connections: 0, sample: [],
  };
  return { summary, seen: new Map() };
}

function recordDrop(state: NamespaceState, flow: Flow, verdict: FlowVerdict, count: number, sampleSize: number, maxTracked: number): void {
  const summary = state.summary;
  summary.dropped += count;
  summary.byVerdict[flow.verdict] = (summary.byVerdict[flow.verdict] ?? 0) + count;
  if (verdict.reason === 'denied-by' || verdict.reason === 'default-deny') summary.byReason[verdict.reason] += count;
  const key = connectionKey(flow, verdict.direction);
  const known = state.seen.get(key);
  if (known) {
    known.count += count;
    known.firstSeen = Math.min(known.firstSeen, flow.time);
    known.lastSeen = Math.max(known.lastSeen, lastSeenOf(flow));
    return;
  }
  if (known === null) return;
  if (state.seen.size >= maxTracked) return;
  summary.connections++;
  if (summary.sample.length < sampleSize) {
    const connection: DroppedConnection = { key, flow, verdict, count, firstSeen: flow.time, lastSeen: lastSeenOf(flow) };
    summary.sample.push(connection);
    state.seen.set(key, connection);
  } else {
    // Tracked for the distinct count only.
    state.seen.set(key, null);
  }
}

function connectionKey(flow: Flow, direction: 'INGRESS' | 'EGRESS'): string {
  const source = endpointKey(flow.ip?.source, flow.source);
  const destination = endpointKey(flow.ip?.destination, flow.destination);
  const l4 = flow.l4;
  const port = !l4 ? '' : 'destinationPort' in l4 ? l4.destinationPort : 'type' in l4 ? l4.type : '';
  return `${direction}|${source}|${destination}|${l4?.protocol ?? ''}|${port}`;
}

/** An endpoint by address, else by pod, else by identity (field-masked exports may lack addresses). */
function endpointKey(ip: string | undefined, endpoint: Flow['source']): string {
  return ip || (endpoint.podName ? `${endpoint.namespace}/${endpoint.podName}` : `#${endpoint.identity}`);
}
