import 'server-only';
import type { Endpoint, Flow, FlowType, Layer4, Layer7, PolicyRef, Service, TrafficDirection, Verdict } from '@/lib/flow/flow';
import { VERDICTS } from '@/lib/flow/flow';
import { decodeGetFlowsResponse, flowEnumNames } from './fast-decode';
import { decodedFlowEvent, derivedUuid, markDecoded, toRelayEvent, type RelayEvent } from './to-flow';
import { readLayer4, readLayer7 } from './decode-layers';
import { EMPTY_STRINGS, enumOf, push, readPair, skipOther, sub, want, Wire } from './wire-cursor';

/**
 * The relay stream's deserializer: a `GetFlowsResponse` holding a flow is read straight from the wire into
 * Lockstep's Flow model, with no intermediate protobuf message. It reads only the fields the model has and skips
 * every other field on the wire (ethernet, tunnel, trace context, extensions, aggregates...), and decodes each
 * distinct endpoint once (a pod's endpoint repeats in every flow it takes part in). The result is exactly what
 * `toRelayEvent(decodeGetFlowsResponse(bytes))` gives (decode-flow-response.test.ts checks it on real captures).
 * Node status, lost events and anything unexpected on the wire (a known field with another wire type, groups)
 * take that slower path instead, so behaviour stays the translator's; so do malformed bytes (protobufjs throws).
 * One difference: corrupt bytes inside a field this decoder skips (ethernet, tunnel, the response time...) are
 * never read, so such a flow is delivered where protobufjs rejected the whole message.
 * Cached endpoints are shared between flows: never mutate a Flow's endpoints.
 * The cursor and its shared readers are in wire-cursor.ts, Layer4/Layer7 in decode-layers.ts.
 */

/** Distinct endpoints kept (cleared when full: a cluster has far fewer live endpoints). */
const ENDPOINT_CACHE_LIMIT = 20_000;
/** Cached endpoints by a hash of their encoding; each holds a copy of the bytes it was decoded from. */
const endpointCache = new Map<number, { bytes: Buffer; endpoint: Endpoint }[]>();
let endpointCacheSize = 0;
const { compare } = Buffer.prototype;
/** Shared by every flow without policy refs (most): flows are never mutated. */
const NO_POLICIES = Object.freeze([]) as unknown as PolicyRef[];
/** Scratch of the two-number sub-messages (Timestamp, CiliumEventType), read before the next one. */
const pair = { a: 0, b: 0 };

const TRAFFIC_DIRECTIONS: TrafficDirection[] = ['TRAFFIC_DIRECTION_UNKNOWN', 'INGRESS', 'EGRESS'];
const FLOW_TYPES: FlowType[] = ['UNKNOWN_TYPE', 'L3_L4', 'L7', 'SOCK'];
const IP_VERSIONS = ['IP_NOT_USED', 'IPv4', 'IPv6'] as const;

/** Decodes one `observer.GetFlowsResponse` into a relay event, branded so that `toRelayEvent` passes it through. */
export function decodeFlowResponse(buffer: Buffer): RelayEvent {
  let flow: Flow | undefined;
  try {
    flow = fastFlow(buffer);
  } catch {
    // Unexpected or malformed on the wire: protobufjs and the translator decide (and throw as they do).
    flow = undefined;
  }
  return flow ? decodedFlowEvent(flow) : markDecoded(toRelayEvent(decodeGetFlowsResponse(buffer)));
}

/** The flow of a response holding only a flow (and node name / time); undefined for anything else. */
function fastFlow(buf: Buffer): Flow | undefined {
  const w = new Wire(buf, 0, buf.length);
  let flowStart = -1;
  let flowEnd = -1;
  let nodeName = '';
  while (w.pos < w.end) {
    const tag = w.varint();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 1) {
      want(wireType, 2);
      flowEnd = w.delimited();
      flowStart = w.pos;
      w.pos = flowEnd;
    } else if (field === 2 || field === 3) {
      return undefined;
    } else if (field === 1000) {
      want(wireType, 2);
      nodeName = w.string();
    } else {
      w.skip(wireType);
    }
  }
  if (w.pos !== w.end) throw new RangeError('index out of range');
  if (flowStart < 0) return undefined;
  return readFlow(new Wire(buf, flowStart, flowEnd), nodeName);
}

function readFlow(w: Wire, fallbackNodeName: string): Flow {
  const names = flowEnumNames();
  let uuid = '';
  let seconds = 0;
  let nanos = 0;
  let verdict: Verdict = VERDICTS[0];
  let dropReason = '';
  let eventType = 0;
  let eventSubType = 0;
  let type: FlowType = FLOW_TYPES[0];
  let trafficDirection: TrafficDirection = TRAFFIC_DIRECTIONS[0];
  let isReplyWrapper: boolean | undefined;
  let reply = false;
  let ip: IpFields | undefined;
  let l4: Layer4 | undefined;
  let source: Endpoint | undefined;
  let destination: Endpoint | undefined;
  let sourceNames = EMPTY_STRINGS;
  let destinationNames = EMPTY_STRINGS;
  let sourceService: Service | undefined;
  let destinationService: Service | undefined;
  let nodeName = '';
  let nodeLabels = EMPTY_STRINGS;
  let l7: Layer7 | undefined;
  let policyMatchType = 0;
  let traceObservationPoint = '';
  let traceReason = '';
  let interfaceName = '';
  let proxyPort = 0;
  let summary = '';
  let emitter: { name: string; version: string } | undefined;
  let egressAllowedBy: PolicyRef[] | undefined;
  let ingressAllowedBy: PolicyRef[] | undefined;
  let egressDeniedBy: PolicyRef[] | undefined;
  let ingressDeniedBy: PolicyRef[] | undefined;
  while (w.pos < w.end) {
    const tag = w.varint();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1: want(wt, 2); sub(w, readTimestamp); seconds = pair.a; nanos = pair.b; break;
      case 2: want(wt, 0); verdict = enumOf(w.int32(), VERDICTS); break;
      case 5: want(wt, 2); ip = sub(w, readIp); break;
      case 6: want(wt, 2); l4 = sub(w, readLayer4); break;
      case 8: want(wt, 2); source = readEndpoint(w); break;
      case 9: want(wt, 2); destination = readEndpoint(w); break;
      case 10: want(wt, 0); type = enumOf(w.int32(), FLOW_TYPES); break;
      case 11: want(wt, 2); nodeName = w.string(); break;
      case 13: want(wt, 2); sourceNames = push(sourceNames, w.string()); break;
      case 14: want(wt, 2); destinationNames = push(destinationNames, w.string()); break;
      case 15: want(wt, 2); l7 = sub(w, readLayer7); break;
      case 16: want(wt, 0); reply = w.bool(); break;
      case 19: want(wt, 2); sub(w, readEventType); eventType = pair.a; eventSubType = pair.b; break;
      case 20: want(wt, 2); sourceService = sub(w, readService); break;
      case 21: want(wt, 2); destinationService = sub(w, readService); break;
      case 22: want(wt, 0); trafficDirection = enumOf(w.int32(), TRAFFIC_DIRECTIONS); break;
      case 23: want(wt, 0); policyMatchType = w.uint32(); break;
      case 24: want(wt, 0); traceObservationPoint = enumLabel(w.int32(), names.point); break;
      case 25: want(wt, 0); dropReason = dropReasonLabel(w.int32(), names.drop); break;
      case 26: want(wt, 2); isReplyWrapper = sub(w, readBoolValue); break;
      case 28: want(wt, 2); interfaceName = sub(w, readInterfaceName); break;
      case 29: want(wt, 0); proxyPort = w.uint32(); break;
      case 34: want(wt, 2); uuid = w.uniqueString(); break;
      case 36: want(wt, 0); traceReason = enumLabel(w.int32(), names.reason); break;
      case 37: want(wt, 2); nodeLabels = push(nodeLabels, w.string()); break;
      case 41: want(wt, 2); emitter = sub(w, readEmitter); break;
      case 100000: want(wt, 2); summary = w.string(); break;
      case 21001: want(wt, 2); (egressAllowedBy ??= []).push(sub(w, readPolicy)); break;
      case 21002: want(wt, 2); (ingressAllowedBy ??= []).push(sub(w, readPolicy)); break;
      case 21004: want(wt, 2); (egressDeniedBy ??= []).push(sub(w, readPolicy)); break;
      case 21005: want(wt, 2); (ingressDeniedBy ??= []).push(sub(w, readPolicy)); break;
      default: w.skip(wt);
    }
  }
  const flow: Flow = {
    uuid,
    time: seconds * 1000 + Math.floor(nanos / 1_000_000),
    timeNanos: nanos % 1_000_000,
    verdict,
    dropReason,
    eventType,
    eventSubType,
    type,
    trafficDirection,
    isReply: isReplyWrapper ?? (reply ? true : undefined),
    ip: ip ?? { source: '', destination: '', sourceXlated: '', ipVersion: IP_VERSIONS[0], encrypted: false },
    l4,
    source: source ?? emptyEndpoint(),
    destination: destination ?? emptyEndpoint(),
    sourceNames,
    destinationNames,
    sourceService,
    destinationService,
    nodeName: nodeName || fallbackNodeName,
    nodeLabels,
    l7,
    policyMatchType,
    traceObservationPoint,
    traceReason,
    interfaceName,
    proxyPort,
    summary,
    emitter,
    egressAllowedBy: egressAllowedBy ?? NO_POLICIES,
    ingressAllowedBy: ingressAllowedBy ?? NO_POLICIES,
    egressDeniedBy: egressDeniedBy ?? NO_POLICIES,
    ingressDeniedBy: ingressDeniedBy ?? NO_POLICIES,
  };
  if (!flow.uuid) flow.uuid = derivedUuid(flow);
  return flow;
}

interface IpFields {
  source: string;
  destination: string;
  sourceXlated: string;
  ipVersion: (typeof IP_VERSIONS)[number];
  encrypted: boolean;
}

/** Timestamp {seconds, nanos} into `pair` (no tuple per flow). */
function readTimestamp(w: Wire): void {
  pair.a = 0;
  pair.b = 0;
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) pair.a = w.int64();
    else if (tag === 0x10) pair.b = w.int32();
    else skipOther(w, tag, 1, 2);
  }
}

function readIp(w: Wire): IpFields {
  const ip: IpFields = { source: '', destination: '', sourceXlated: '', ipVersion: IP_VERSIONS[0], encrypted: false };
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x0a) ip.source = w.string();
    else if (tag === 0x12) ip.destination = w.string();
    else if (tag === 0x18) ip.ipVersion = enumOf(w.int32(), IP_VERSIONS);
    else if (tag === 0x20) ip.encrypted = w.bool();
    else if (tag === 0x2a) ip.sourceXlated = w.string();
    else skipOther(w, tag, 1, 2, 3, 4, 5);
  }
  return ip;
}

/** CiliumEventType {type, sub_type} into `pair`. */
function readEventType(w: Wire): void {
  pair.a = 0;
  pair.b = 0;
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) pair.a = w.int32();
    else if (tag === 0x10) pair.b = w.int32();
    else skipOther(w, tag, 1, 2);
  }
}

function readBoolValue(w: Wire): boolean {
  let value = false;
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) value = w.bool();
    else skipOther(w, tag, 1);
  }
  return value;
}

function readInterfaceName(w: Wire): string {
  let name = '';
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x12) name = w.string();
    else if (tag === 0x08) w.uint32();
    else skipOther(w, tag, 1, 2);
  }
  return name;
}

function readService(w: Wire): Service | undefined {
  const [name, namespace] = readPair(w);
  return name ? { name, namespace } : undefined;
}

function readEmitter(w: Wire): { name: string; version: string } {
  const [name, version] = readPair(w);
  return { name, version };
}

function readPolicy(w: Wire): PolicyRef {
  let name = '';
  let namespace = '';
  let labels = EMPTY_STRINGS;
  let revision = 0;
  let kind = '';
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x0a) name = w.string();
    else if (tag === 0x12) namespace = w.string();
    else if (tag === 0x1a) labels = push(labels, w.string());
    else if (tag === 0x20) revision = w.uint64();
    else if (tag === 0x2a) kind = w.string();
    else skipOther(w, tag, 1, 2, 3, 4, 5);
  }
  return { name, namespace, kind, labels, revision };
}

function emptyEndpoint(): Endpoint {
  return { id: 0, identity: 0, clusterName: '', namespace: '', labels: [], podName: '', workloads: [] };
}

/**
 * An endpoint, decoded once per distinct encoding. The cache is keyed by a hash of the encoding's first bytes
 * (the endpoint id and identity come first) and its length, and a hit is confirmed by comparing the bytes
 * natively: no string of the encoding is made per flow.
 */
function readEndpoint(w: Wire): Endpoint {
  const end = w.delimited();
  const buf = w.buf;
  const start = w.pos;
  let hash = (end - start) | 0;
  for (let i = start, stop = Math.min(end, start + 24); i < stop; i++) hash = Math.imul(hash ^ buf[i], 0x01000193);
  let bucket = endpointCache.get(hash);
  if (bucket) {
    for (const entry of bucket) {
      if (entry.bytes.length === end - start && compare.call(entry.bytes, buf, start, end) === 0) {
        w.pos = end;
        return entry.endpoint;
      }
    }
  }
  const outer = w.end;
  w.end = end;
  const endpoint = decodeEndpoint(w);
  if (w.pos !== end) throw new RangeError('index out of range');
  w.end = outer;
  if (endpointCacheSize >= ENDPOINT_CACHE_LIMIT) {
    endpointCache.clear();
    endpointCacheSize = 0;
    bucket = undefined;
  }
  if (!bucket) endpointCache.set(hash, (bucket = []));
  bucket.push({ bytes: Buffer.from(buf.subarray(start, end)), endpoint });
  endpointCacheSize++;
  return endpoint;
}

function decodeEndpoint(w: Wire): Endpoint {
  let id = 0;
  let identity = 0;
  let clusterName = '';
  let namespace = '';
  let labels = EMPTY_STRINGS;
  let podName = '';
  const workloads: { name: string; kind: string }[] = [];
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) id = w.uint32();
    else if (tag === 0x10) identity = w.uint32();
    else if (tag === 0x1a) namespace = w.string();
    else if (tag === 0x22) labels = push(labels, w.string());
    else if (tag === 0x2a) podName = w.string();
    else if (tag === 0x32) {
      const [name, kind] = sub(w, readPair);
      workloads.push({ name, kind });
    } else if (tag === 0x3a) clusterName = w.string();
    else skipOther(w, tag, 1, 2, 3, 4, 5, 6, 7);
  }
  return { id, identity, clusterName, namespace, labels, podName, workloads };
}

/** `drop_reason_desc` as the translator shows it: the enum name, its number when unknown, '' when unset. */
function dropReasonLabel(n: number, names: Record<number, string>): string {
  if (n === 0) return '';
  const name = names[n];
  if (name === undefined) return String(n);
  return name === 'DROP_REASON_UNKNOWN' ? '' : name;
}

/** Trace observation point / reason: the enum name, '' when unset or unknown. */
function enumLabel(n: number, names: Record<number, string>): string {
  return n === 0 ? '' : (names[n] ?? '');
}
