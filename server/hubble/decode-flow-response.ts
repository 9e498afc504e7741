import 'server-only';
import type { Endpoint, Flow, FlowType, Layer4, Layer7, PolicyRef, Service, TrafficDirection, Verdict } from '@/lib/flow/flow';
import { VERDICTS } from '@/lib/flow/flow';
import { decodeGetFlowsResponse, flowEnumNames } from './fast-decode';
import { derivedUuid, markDecoded, toRelayEvent, type RelayEvent } from './to-flow';

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
 * NOTE: over 400 lines on purpose: it is one wire reader (Flow, Endpoint, Layer4, Layer7, DNS, policy refs by field
 * number) on the ingest's hottest path; its readers share the cursor and the string slicers, and keeping them in one
 * module keeps that state out of exported APIs. Split it by message type if it grows further.
 */

// Buffer's own string slicers (what protobufjs's BufferReader uses): no argument checks on the hot path.
const { utf8Slice, latin1Slice } = Buffer.prototype as unknown as Record<'utf8Slice' | 'latin1Slice', (this: Buffer, start: number, end: number) => string>;

/** Distinct endpoints kept (cleared when full: a cluster has far fewer live endpoints). */
const ENDPOINT_CACHE_LIMIT = 20_000;
const endpointCache = new Map<string, Endpoint>();

const TRAFFIC_DIRECTIONS: TrafficDirection[] = ['TRAFFIC_DIRECTION_UNKNOWN', 'INGRESS', 'EGRESS'];
const FLOW_TYPES: FlowType[] = ['UNKNOWN_TYPE', 'L3_L4', 'L7', 'SOCK'];
const IP_VERSIONS = ['IP_NOT_USED', 'IPv4', 'IPv6'] as const;
const L7_TYPES = ['UNKNOWN_L7_TYPE', 'REQUEST', 'RESPONSE', 'SAMPLE'] as const;
const TCP_FLAGS = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'NS'];

/** Thrown inside the fast path when the slow path must decide; never escapes this module. */
const UNEXPECTED = new Error('unexpected wire shape');

/** Reads one protobuf message region `[pos, end)` of `buf`; integers read as protobufjs reads them. */
class Wire {
  pos: number;
  /** High 32 bits of the last varint. */
  private hi = 0;
  constructor(readonly buf: Buffer, start: number, public end: number) {
    this.pos = start;
  }

  /** Reads a varint; returns its low 32 bits (unsigned) and keeps the high ones in `hi`. */
  varint(): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = buf[pos++];
    this.hi = 0;
    if (b < 0x80) {
      this.pos = pos;
      return b;
    }
    let lo = b & 0x7f;
    for (let shift = 7; shift < 28; shift += 7) {
      b = buf[pos++];
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) return this.done(pos, lo);
    }
    b = buf[pos++];
    lo |= (b & 0x0f) << 28;
    let hi = (b & 0x7f) >> 4;
    for (let shift = 3; b >= 0x80; shift += 7) {
      if (shift > 31) throw new RangeError('invalid varint encoding');
      b = buf[pos++];
      hi |= (b & 0x7f) << shift;
    }
    this.hi = hi;
    return this.done(pos, lo);
  }

  private done(pos: number, lo: number): number {
    if (pos > this.end) throw new RangeError('index out of range');
    this.pos = pos;
    return lo >>> 0;
  }

  uint32(): number {
    return this.varint();
  }

  int32(): number {
    return this.varint() | 0;
  }

  bool(): boolean {
    return this.varint() !== 0;
  }

  uint64(): number {
    const lo = this.varint();
    return (this.hi >>> 0) * 4294967296 + lo;
  }

  /** As Long#toNumber for a signed 64-bit value. */
  int64(): number {
    const lo = this.varint();
    return (this.hi | 0) * 4294967296 + lo;
  }

  /** The end of a length-delimited field whose length comes next. */
  delimited(): number {
    const length = this.varint();
    const end = this.pos + length;
    if (end > this.end) throw new RangeError('index out of range');
    return end;
  }

  string(): string {
    const end = this.delimited();
    const s = utf8Slice.call(this.buf, this.pos, end);
    this.pos = end;
    return s;
  }

  /** Skips a field of `wireType`; groups (3, 4) go to the slow path. */
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.pos = this.delimited();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 5) this.pos += 4;
    else throw UNEXPECTED;
    if (this.pos > this.end) throw new RangeError('index out of range');
  }
}

/** Checks a known field's wire type; a mismatch goes to the slow path (protobufjs decides what it means). */
function want(wireType: number, wanted: number): void {
  if (wireType !== wanted) throw UNEXPECTED;
}

/** Decodes one `observer.GetFlowsResponse` into a relay event, branded so that `toRelayEvent` passes it through. */
export function decodeFlowResponse(buffer: Buffer): RelayEvent {
  let event: RelayEvent | undefined;
  try {
    event = fastFlowEvent(buffer);
  } catch {
    // Unexpected or malformed on the wire: protobufjs and the translator decide (and throw as they do).
    event = undefined;
  }
  event ??= toRelayEvent(decodeGetFlowsResponse(buffer));
  return markDecoded(event);
}

/** The flow event of a response holding only a flow (and node name / time); undefined for anything else. */
function fastFlowEvent(buf: Buffer): RelayEvent | undefined {
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
  return { kind: 'flow', flow: readFlow(new Wire(buf, flowStart, flowEnd), nodeName) };
}

const EMPTY_STRINGS: string[] = Object.freeze([]) as unknown as string[];

/** Repeated string fields: appended per occurrence; absent ones are a shared frozen empty list (as protobufjs). */
function push(list: string[], value: string): string[] {
  if (list === EMPTY_STRINGS) return [value];
  list.push(value);
  return list;
}

function enumOf<T extends string>(n: number, names: readonly T[]): T {
  return names[n] ?? names[0];
}

/** Runs `read` over the sub-message that starts here (length-delimited), then continues after it. */
function sub<T>(w: Wire, read: (w: Wire) => T): T {
  const end = w.delimited();
  const outer = w.end;
  w.end = end;
  const value = read(w);
  if (w.pos !== end) throw new RangeError('index out of range');
  w.end = outer;
  return value;
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
      case 1: want(wt, 2); [seconds, nanos] = sub(w, readTimestamp); break;
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
      case 19: want(wt, 2); [eventType, eventSubType] = sub(w, readEventType); break;
      case 20: want(wt, 2); sourceService = sub(w, readService); break;
      case 21: want(wt, 2); destinationService = sub(w, readService); break;
      case 22: want(wt, 0); trafficDirection = enumOf(w.int32(), TRAFFIC_DIRECTIONS); break;
      case 23: want(wt, 0); policyMatchType = w.uint32(); break;
      case 24: want(wt, 0); traceObservationPoint = enumLabel(w.int32(), names.point); break;
      case 25: want(wt, 0); dropReason = dropReasonLabel(w.int32(), names.drop); break;
      case 26: want(wt, 2); isReplyWrapper = sub(w, readBoolValue); break;
      case 28: want(wt, 2); interfaceName = sub(w, readInterfaceName); break;
      case 29: want(wt, 0); proxyPort = w.uint32(); break;
      case 34: want(wt, 2); uuid = w.string(); break;
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
    egressAllowedBy: egressAllowedBy ?? [],
    ingressAllowedBy: ingressAllowedBy ?? [],
    egressDeniedBy: egressDeniedBy ?? [],
    ingressDeniedBy: ingressDeniedBy ?? [],
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

function readTimestamp(w: Wire): [number, number] {
  let seconds = 0;
  let nanos = 0;
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) seconds = w.int64();
    else if (tag === 0x10) nanos = w.int32();
    else skipOther(w, tag, 1, 2);
  }
  return [seconds, nanos];
}

/** Skips an unknown field; a known field (`known`) with an unexpected wire type goes to the slow path. */
function skipOther(w: Wire, tag: number, ...known: number[]): void {
  if (known.includes(tag >>> 3)) throw UNEXPECTED;
  w.skip(tag & 7);
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

function readEventType(w: Wire): [number, number] {
  let type = 0;
  let subType = 0;
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) type = w.int32();
    else if (tag === 0x10) subType = w.int32();
    else skipOther(w, tag, 1, 2);
  }
  return [type, subType];
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

/** Two string fields 1 and 2 (Service: name, namespace; Emitter: name, version; Workload: name, kind). */
function readPair(w: Wire): [string, string] {
  let a = '';
  let b = '';
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x0a) a = w.string();
    else if (tag === 0x12) b = w.string();
    else skipOther(w, tag, 1, 2);
  }
  return [a, b];
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

/** An endpoint, decoded once per distinct encoding. */
function readEndpoint(w: Wire): Endpoint {
  const end = w.delimited();
  const key = latin1Slice.call(w.buf, w.pos, end);
  let endpoint = endpointCache.get(key);
  if (!endpoint) {
    const outer = w.end;
    w.end = end;
    endpoint = decodeEndpoint(w);
    if (w.pos !== end) throw new RangeError('index out of range');
    w.end = outer;
    if (endpointCache.size >= ENDPOINT_CACHE_LIMIT) endpointCache.clear();
    endpointCache.set(key, endpoint);
  }
  w.pos = end;
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

function readLayer4(w: Wire): Layer4 | undefined {
  let tcp: Layer4 | undefined;
  let udp: Layer4 | undefined;
  let sctp: Layer4 | undefined;
  let icmp4: Layer4 | undefined;
  let icmp6: Layer4 | undefined;
  let vrrp: Layer4 | undefined;
  let igmp: Layer4 | undefined;
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x0a) tcp = sub(w, readTcp);
    else if (tag === 0x12) udp = sub(w, (r) => readPorts(r, 'UDP'));
    else if (tag === 0x1a) icmp4 = sub(w, (r) => readIcmp(r, 'ICMPv4'));
    else if (tag === 0x22) icmp6 = sub(w, (r) => readIcmp(r, 'ICMPv6'));
    else if (tag === 0x2a) sctp = sub(w, (r) => readPorts(r, 'SCTP'));
    else if (tag === 0x32) vrrp = sub(w, readVrrp);
    else if (tag === 0x3a) igmp = sub(w, readIgmp);
    else skipOther(w, tag, 1, 2, 3, 4, 5, 6, 7);
  }
  // The translator's precedence when a malformed message sets several members of the oneof.
  return tcp ?? udp ?? sctp ?? icmp4 ?? icmp6 ?? vrrp ?? igmp;
}

function readTcp(w: Wire): Layer4 {
  let sourcePort = 0;
  let destinationPort = 0;
  let flags: string[] = [];
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) sourcePort = w.uint32();
    else if (tag === 0x10) destinationPort = w.uint32();
    else if (tag === 0x1a) flags = sub(w, readTcpFlags);
    else skipOther(w, tag, 1, 2, 3);
  }
  return { protocol: 'TCP', sourcePort, destinationPort, flags };
}

function readTcpFlags(w: Wire): string[] {
  const set = new Array<boolean>(TCP_FLAGS.length).fill(false);
  while (w.pos < w.end) {
    const tag = w.varint();
    const field = tag >>> 3;
    if ((tag & 7) === 0 && field >= 1 && field <= TCP_FLAGS.length) set[field - 1] = w.bool();
    else skipOther(w, tag, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }
  const flags: string[] = [];
  for (let i = 0; i < TCP_FLAGS.length; i++) if (set[i]) flags.push(TCP_FLAGS[i]);
  return flags;
}

function readPorts(w: Wire, protocol: 'UDP' | 'SCTP'): Layer4 {
  let sourcePort = 0;
  let destinationPort = 0;
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) sourcePort = w.uint32();
    else if (tag === 0x10) destinationPort = w.uint32();
    else skipOther(w, tag, 1, 2);
  }
  return { protocol, sourcePort, destinationPort };
}

function readIcmp(w: Wire, protocol: 'ICMPv4' | 'ICMPv6'): Layer4 {
  let type = 0;
  let code = 0;
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) type = w.uint32();
    else if (tag === 0x10) code = w.uint32();
    else skipOther(w, tag, 1, 2);
  }
  return { protocol, type, code };
}

function readVrrp(w: Wire): Layer4 {
  let type = 0;
  let vrid = 0;
  let priority = 0;
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) type = w.uint32();
    else if (tag === 0x10) vrid = w.uint32();
    else if (tag === 0x18) priority = w.uint32();
    else skipOther(w, tag, 1, 2, 3);
  }
  return { protocol: 'VRRP', type, vrid, priority };
}

function readIgmp(w: Wire): Layer4 {
  let type = 0;
  let groupAddress = '';
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) type = w.uint32();
    else if (tag === 0x12) groupAddress = w.string();
    else skipOther(w, tag, 1, 2);
  }
  return { protocol: 'IGMP', type, groupAddress };
}

function readLayer7(w: Wire): Layer7 {
  let type: Layer7['type'] = L7_TYPES[0];
  let latencyNs = 0;
  let dns: Layer7['dns'];
  let http: Layer7['http'];
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) type = enumOf(w.int32(), L7_TYPES);
    else if (tag === 0x10) latencyNs = w.uint64();
    else if (tag === 0x322) dns = sub(w, readDns);
    else if (tag === 0x32a) http = sub(w, readHttp);
    else skipOther(w, tag, 1, 2, 100, 101);
  }
  const l7: Layer7 = { type, latencyNs };
  if (dns) l7.dns = dns;
  if (http) l7.http = http;
  return l7;
}

function readDns(w: Wire): NonNullable<Layer7['dns']> {
  let query = '';
  let ips = EMPTY_STRINGS;
  let ttl = 0;
  let cnames = EMPTY_STRINGS;
  let observationSource = '';
  let rcode = 0;
  let qtypes = EMPTY_STRINGS;
  let rrtypes = EMPTY_STRINGS;
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x0a) query = w.string();
    else if (tag === 0x12) ips = push(ips, w.string());
    else if (tag === 0x18) ttl = w.uint32();
    else if (tag === 0x22) cnames = push(cnames, w.string());
    else if (tag === 0x2a) observationSource = w.string();
    else if (tag === 0x30) rcode = w.uint32();
    else if (tag === 0x3a) qtypes = push(qtypes, w.string());
    else if (tag === 0x42) rrtypes = push(rrtypes, w.string());
    else skipOther(w, tag, 1, 2, 3, 4, 5, 6, 7, 8);
  }
  return { query, ips, ttl, cnames, observationSource, rcode, qtypes, rrtypes };
}

function readHttp(w: Wire): NonNullable<Layer7['http']> {
  let code = 0;
  let method = '';
  let url = '';
  let protocol = '';
  const headers: { key: string; value: string }[] = [];
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) code = w.uint32();
    else if (tag === 0x12) method = w.string();
    else if (tag === 0x1a) url = w.string();
    else if (tag === 0x22) protocol = w.string();
    else if (tag === 0x2a) {
      const [key, value] = sub(w, readPair);
      headers.push({ key, value });
    } else skipOther(w, tag, 1, 2, 3, 4, 5);
  }
  return { code, method, url, protocol, headers };
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
