import type { Endpoint, Flow } from '../flow/flow';

/**
 * Replay over what decides a verdict, not over every packet. A flow's verdict depends only on its subject and
 * peer (identity, namespace, labels; the address and DNS names of a peer outside the cluster), direction,
 * protocol and destination port (or ICMP type), and destination Service: every flow with the same
 * {@link verdictKey} gets the same verdict. So flows are reduced to one representative per key with a count while
 * they are read, each key is evaluated once, and the count multiplies the result. Memory grows with the number of
 * distinct keys, not with the number of flows.
 */

/** A representative flow standing for `count` flows of the same verdict key (first seen `time`, last `lastSeen`). */
export type CountedFlow = Flow & { readonly count?: number; readonly lastSeen?: number };

/** How many flows a (possibly reduced) flow stands for. */
export function flowCount(flow: Flow): number {
  return (flow as CountedFlow).count ?? 1;
}

/** When the last flow of a reduced flow was seen. */
export function lastSeenOf(flow: Flow): number {
  return (flow as CountedFlow).lastSeen ?? flow.time;
}

/** The total number of flows a list of (possibly reduced) flows stands for. */
export function countFlows(flows: Iterable<Flow>): number {
  let n = 0;
  for (const flow of flows) n += flowCount(flow);
  return n;
}

/**
 * The verdict key of a flow (see the module comment). The recorded verdict, drop reason, event type, layer and
 * reply flag are part of it too, as replay reports by recorded verdict and skips replies and L7 records.
 */
export function verdictKey(flow: Flow): string {
  const known = keyOfRepresentative.get(flow);
  if (known !== undefined) return known;
  const l4 = flow.l4;
  const port = !l4 ? '' : 'destinationPort' in l4 ? l4.destinationPort : 'type' in l4 ? l4.type : '';
  const service = flow.destinationService ? `${flow.destinationService.namespace}/${flow.destinationService.name}` : '';
  const names = flow.destinationNames.length === 0 ? '' : flow.destinationNames.length === 1 ? flow.destinationNames[0] : flow.destinationNames.join(',');
  return [
    flow.trafficDirection, flow.isReply === true ? 'r' : '', flow.eventType, flow.type, flow.verdict, flow.dropReason,
    endpointKey(flow.source, flow.ip?.source), endpointKey(flow.destination, flow.ip?.destination),
    l4?.protocol ?? '', port, names, service,
  ].join('\u0000');
}

/** Keys of representatives handed out by {@link FlowReducer.flows}, so re-reducing them costs no key building. */
const keyOfRepresentative = new WeakMap<Flow, string>();
/** Lists returned by {@link reduceFlows} / {@link FlowReducer.flows}: reducing one again returns it as is. */
const reducedLists = new WeakSet<readonly Flow[]>();

/** A pod by identity, namespace and labels; anything else (reserved, world, unknown) also by its address. */
function endpointKey(endpoint: Endpoint, address: string | undefined): string {
  const labels = endpoint.labels.length === 1 ? endpoint.labels[0] : endpoint.labels.join('\u0001');
  return `${endpoint.identity}\u0001${endpoint.namespace}\u0001${labels}${endpoint.namespace ? '' : `\u0001${address ?? ''}`}`;
}

/**
 * {@link verdictKey} without the endpoints' labels: flows with equal short keys have equal verdict keys exactly
 * when their endpoints' labels are equal, which is checked element by element (building and hashing the labels
 * into every flow's key was most of the reducer's time).
 */
function shortKey(flow: Flow): string {
  const l4 = flow.l4;
  const port = !l4 ? '' : 'destinationPort' in l4 ? l4.destinationPort : 'type' in l4 ? l4.type : '';
  const service = flow.destinationService ? `${flow.destinationService.namespace}/${flow.destinationService.name}` : '';
  const names = flow.destinationNames.length === 0 ? '' : flow.destinationNames.length === 1 ? flow.destinationNames[0] : flow.destinationNames.join(',');
  const s = flow.source;
  const d = flow.destination;
  return `${flow.trafficDirection}\u0000${flow.isReply === true ? 'r' : ''}\u0000${flow.eventType}\u0000${flow.type}\u0000${flow.verdict}\u0000${flow.dropReason}\u0000${s.identity}\u0001${s.namespace}\u0001${s.namespace ? '' : (flow.ip?.source ?? '')}\u0000${d.identity}\u0001${d.namespace}\u0001${d.namespace ? '' : (flow.ip?.destination ?? '')}\u0000${l4?.protocol ?? ''}\u0000${port}\u0000${names}\u0000${service}`;
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface Entry {
  flow: Flow;
  count: number;
  lastSeen: number;
}

/** What {@link FlowReducer.state} hands to another thread. */
export interface FlowReducerState {
  entries: Entry[];
  total: number;
}

/** Reduces flows to verdict keys as they arrive (see the module comment). */
export class FlowReducer {
  /** Entries by {@link shortKey}; those sharing one differ in their endpoints' labels. */
  private readonly byShortKey = new Map<string, Entry[]>();
  /** Every entry, in order of first appearance of its key. */
  private readonly entries: Entry[] = [];
  private total = 0;

  /** Adds one flow (or a reduced flow, with its count). */
  add(flow: Flow): void {
    const count = flowCount(flow);
    this.total += count;
    const key = shortKey(flow);
    const bucket = this.byShortKey.get(key);
    const entry = bucket && find(bucket, flow);
    if (!entry) {
      const fresh = { flow, count, lastSeen: lastSeenOf(flow) };
      if (bucket) bucket.push(fresh);
      else this.byShortKey.set(key, [fresh]);
      this.entries.push(fresh);
      return;
    }
    entry.count += count;
    if (flow.time < entry.flow.time) entry.flow = flow;
    entry.lastSeen = Math.max(entry.lastSeen, lastSeenOf(flow));
  }

  /** Adds a flow only when its key is not there yet (finding samples already counted in the capture). */
  addIfAbsent(flow: Flow): void {
    const bucket = this.byShortKey.get(shortKey(flow));
    if (!bucket || !find(bucket, flow)) this.add(flow);
  }

  /** The reducer's state for another thread: its entries in order of first appearance (structured-clone safe). */
  state(): FlowReducerState {
    return { entries: this.entries.map(({ flow, count, lastSeen }) => ({ flow, count, lastSeen })), total: this.total };
  }

  /**
   * Adds the state of a reducer that read the flows after this one's: the same as if this reducer had read them
   * (counts added, the earliest flow kept as representative, the first one on a tie, new keys after known ones).
   */
  merge(later: FlowReducerState): void {
    this.total += later.total;
    for (const { flow, count, lastSeen } of later.entries) {
      const key = shortKey(flow);
      const bucket = this.byShortKey.get(key);
      const entry = bucket && find(bucket, flow);
      if (!entry) {
        const fresh = { flow, count, lastSeen };
        if (bucket) bucket.push(fresh);
        else this.byShortKey.set(key, [fresh]);
        this.entries.push(fresh);
        continue;
      }
      entry.count += count;
      if (flow.time < entry.flow.time) entry.flow = flow;
      entry.lastSeen = Math.max(entry.lastSeen, lastSeen);
    }
  }

  /** Distinct verdict keys. */
  get size(): number {
    return this.entries.length;
  }

  /** Flows added (counts included). */
  get flowTotal(): number {
    return this.total;
  }

  /** One counted representative per key, in order of first appearance of the key. */
  flows(): CountedFlow[] {
    const out = this.entries.map(({ flow, count, lastSeen }) => {
      const representative = count === 1 && lastSeen === flow.time ? flow : countedCopy(flow, count, lastSeen);
      keyOfRepresentative.set(representative, verdictKey(flow));
      return representative;
    });
    reducedLists.add(out);
    return out;
  }
}

/**
 * `flow` with its count. NOTE: written field by field (the type makes every field of Flow required here), not as
 * `{ ...flow, count, lastSeen }`: V8 gave each such spread copy of a 34-field object a hidden class of its own, so
 * every read of a representative in the replay and the lints missed V8's inline caches (about a microsecond a read:
 * filtering 1,650 of them took 2 ms), which made the analysis after reading a capture several times slower.
 */
function countedCopy(f: Flow, count: number, lastSeen: number): CountedFlow {
  return {
    uuid: f.uuid, time: f.time, timeNanos: f.timeNanos, verdict: f.verdict, dropReason: f.dropReason, eventType: f.eventType,
    eventSubType: f.eventSubType, type: f.type, trafficDirection: f.trafficDirection, isReply: f.isReply, ip: f.ip, l4: f.l4,
    source: f.source, destination: f.destination, sourceNames: f.sourceNames, destinationNames: f.destinationNames,
    sourceService: f.sourceService, destinationService: f.destinationService, nodeName: f.nodeName, nodeLabels: f.nodeLabels,
    l7: f.l7, policyMatchType: f.policyMatchType, traceObservationPoint: f.traceObservationPoint, traceReason: f.traceReason,
    interfaceName: f.interfaceName, proxyPort: f.proxyPort, summary: f.summary, emitter: f.emitter,
    egressAllowedBy: f.egressAllowedBy, ingressAllowedBy: f.ingressAllowedBy, egressDeniedBy: f.egressDeniedBy,
    ingressDeniedBy: f.ingressDeniedBy, count, lastSeen,
  };
}

/** The entry of `flow`'s verdict key among entries of its short key. */
function find(bucket: Entry[], flow: Flow): Entry | undefined {
  for (const entry of bucket) {
    if (sameLabels(entry.flow.source.labels, flow.source.labels) && sameLabels(entry.flow.destination.labels, flow.destination.labels)) return entry;
  }
  return undefined;
}

/** The reduced form of `flows` (already reduced flows keep their counts; a reduced list is returned as is). */
export function reduceFlows(flows: Iterable<Flow>): readonly CountedFlow[] {
  if (reducedLists.has(flows as readonly Flow[])) return flows as readonly CountedFlow[];
  const reducer = new FlowReducer();
  for (const flow of flows) reducer.add(flow);
  return reducer.flows();
}
