import 'server-only';
import { createHash } from 'node:crypto';
import type {
  Endpoint,
  Flow,
  FlowType,
  Layer4,
  Layer7,
  LostEvent,
  NodeStatusEvent,
  PolicyRef,
  Service,
  TrafficDirection,
} from '@/lib/flow/flow';
import { VERDICTS } from '@/lib/flow/flow';
import { isObj, num, str, strs, type Obj } from './wire-values';

/**
 * The one translator from Hubble wire messages to Lockstep's Flow model.
 *
 * It accepts both encodings Lockstep meets: a `GetFlowsResponse` decoded by grpc-js with PROTO_LOADER_OPTIONS
 * (timestamps as `{seconds, nanos}`, wrappers as `{value}`, oneof discriminators present) and the same message
 * as `hubble observe -o jsonpb` or the Hubble exporter prints it (RFC 3339 timestamps, bare wrappers, 64-bit
 * integers as strings). Both use proto field names and enum names, so one code path serves both.
 * Missing fields are tolerated (field-masked exports omit most); only a value of the wrong kind is a problem.
 */

/** A wire `GetFlowsResponse` / `ExportEvent` as decoded from gRPC or parsed from a jsonpb line. */
export type RelayGetFlowsResponse = Record<string, unknown>;

/** What one wire response becomes. */
export type RelayEvent =
  | { kind: 'flow'; flow: Flow }
  | { kind: 'node_status'; event: NodeStatusEvent }
  | { kind: 'lost_events'; event: LostEvent }
  | { kind: 'ignored'; what: string }
  | { kind: 'invalid'; reason: string };

const EMPTY: Obj = Object.freeze({}) as Obj;

const TRAFFIC_DIRECTIONS: TrafficDirection[] = ['TRAFFIC_DIRECTION_UNKNOWN', 'INGRESS', 'EGRESS'];
const FLOW_TYPES: FlowType[] = ['UNKNOWN_TYPE', 'L3_L4', 'L7', 'SOCK'];
const IP_VERSIONS = ['IP_NOT_USED', 'IPv4', 'IPv6'] as const;
const L7_TYPES = ['UNKNOWN_L7_TYPE', 'REQUEST', 'RESPONSE', 'SAMPLE'] as const;
const NODE_STATES = ['UNKNOWN_NODE_STATE', 'NODE_CONNECTED', 'NODE_UNAVAILABLE', 'NODE_GONE', 'NODE_ERROR'] as const;
const LOST_SOURCES = ['UNKNOWN_LOST_EVENT_SOURCE', 'PERF_EVENT_RING_BUFFER', 'OBSERVER_EVENTS_QUEUE', 'HUBBLE_RING_BUFFER'] as const;
const TCP_FLAGS = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'NS'];

const DECODED = Symbol('lockstep.decodedRelayEvent');

/**
 * Brands an event that the relay client's deserializer (decode-flow-response.ts) produced straight from the wire,
 * so that {@link toRelayEvent} passes it through unchanged.
 */
export function markDecoded(event: RelayEvent): RelayEvent {
  (event as { [DECODED]?: true })[DECODED] = true;
  return event;
}

/** A flow event from the relay client's deserializer, branded in its literal (no property added afterwards). */
export function decodedFlowEvent(flow: Flow): RelayEvent {
  return { kind: 'flow', flow, [DECODED]: true } as RelayEvent;
}

/** Translates one wire response (gRPC-decoded or jsonpb) into a Lockstep event. Never throws. */
export function toRelayEvent(response: unknown): RelayEvent {
  if (!isObj(response)) return { kind: 'invalid', reason: 'not a JSON object' };
  if ((response as { [DECODED]?: true })[DECODED] === true) return response as RelayEvent;
  try {
    if (isObj(response.flow)) {
      return { kind: 'flow', flow: toFlow(response.flow, str(response.node_name)) };
    }
    if (isObj(response.node_status)) {
      const e = response.node_status;
      return {
        kind: 'node_status',
        event: {
          stateChange: enumName(e.state_change, NODE_STATES),
          nodeNames: strs(e.node_names),
          message: str(e.message),
          time: timeOf(response.time)[0],
        },
      };
    }
    if (isObj(response.lost_events)) {
      const e = response.lost_events;
      const cpu = isObj(e.cpu) ? num(e.cpu.value) : e.cpu === undefined || e.cpu === null ? undefined : num(e.cpu);
      return {
        kind: 'lost_events',
        event: {
          source: enumName(e.source, LOST_SOURCES),
          numEventsLost: num(e.num_events_lost),
          cpu,
          nodeName: str(response.node_name),
          time: timeOf(response.time)[0],
        },
      };
    }
    for (const other of ['agent_event', 'debug_event']) if (other in response) return { kind: 'ignored', what: other };
    return { kind: 'invalid', reason: 'no flow, node_status or lost_events in the object' };
  } catch (error) {
    return { kind: 'invalid', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Translates a wire `flow.Flow`. `fallbackNodeName` is the response's `node_name`, used when the flow lacks one. */
export function toFlow(f: Obj, fallbackNodeName = ''): Flow {
  const [time, timeNanos] = timeOf(f.time);
  const ip = isObj(f.IP) ? f.IP : EMPTY;
  const verdict = enumName(f.verdict, VERDICTS);
  const eventType = isObj(f.event_type) ? f.event_type : EMPTY;
  const flow: Flow = {
    uuid: str(f.uuid),
    time,
    timeNanos,
    verdict,
    dropReason: dropReasonOf(f),
    eventType: num(eventType.type),
    eventSubType: num(eventType.sub_type),
    type: enumName(f.Type, FLOW_TYPES),
    trafficDirection: enumName(f.traffic_direction, TRAFFIC_DIRECTIONS),
    isReply: isReplyOf(f),
    ip: {
      source: str(ip.source),
      destination: str(ip.destination),
      sourceXlated: str(ip.source_xlated),
      ipVersion: enumName(ip.ipVersion, IP_VERSIONS),
      encrypted: ip.encrypted === true,
    },
    l4: layer4Of(f.l4),
    source: endpointOf(f.source),
    destination: endpointOf(f.destination),
    sourceNames: strs(f.source_names),
    destinationNames: strs(f.destination_names),
    sourceService: serviceOf(f.source_service),
    destinationService: serviceOf(f.destination_service),
    nodeName: str(f.node_name) || fallbackNodeName,
    nodeLabels: strs(f.node_labels),
    l7: layer7Of(f.l7),
    policyMatchType: num(f.policy_match_type),
    traceObservationPoint: enumText(f.trace_observation_point),
    traceReason: enumText(f.trace_reason),
    interfaceName: isObj(f.interface) ? str(f.interface.name) : '',
    proxyPort: num(f.proxy_port),
    summary: str(f.Summary),
    emitter: isObj(f.emitter) ? { name: str(f.emitter.name), version: str(f.emitter.version) } : undefined,
    egressAllowedBy: policiesOf(f.egress_allowed_by),
    ingressAllowedBy: policiesOf(f.ingress_allowed_by),
    egressDeniedBy: policiesOf(f.egress_denied_by),
    ingressDeniedBy: policiesOf(f.ingress_denied_by),
  };
  if (!flow.uuid) flow.uuid = derivedUuid(flow);
  return flow;
}

function dropReasonOf(f: Obj): string {
  const desc = f.drop_reason_desc;
  if (typeof desc === 'string') return desc === 'DROP_REASON_UNKNOWN' ? '' : desc;
  if (typeof desc === 'number' && desc !== 0) return String(desc);
  return '';
}

function isReplyOf(f: Obj): boolean | undefined {
  const v = f.is_reply;
  if (typeof v === 'boolean') return v;
  if (isObj(v)) return v.value === true;
  // The deprecated `reply` has false negatives, but a true is a true (2021 captures carry only it).
  if (f.reply === true) return true;
  return undefined;
}

// Decoded endpoints are shared between flows (fast-decode.ts caches them), so their translation is too. Plain
// objects (JSON.parse of a capture line, fresh for every line) are translated directly: remembering them would
// only fill the WeakMap (an insertion per endpoint, and work for the garbage collector) for no hit.
const translatedEndpoints = new WeakMap<object, Endpoint>();

function endpointOf(v: unknown): Endpoint {
  if (!isObj(v)) return translateEndpoint(EMPTY);
  if (Object.getPrototypeOf(v) === Object.prototype) return translateEndpoint(v);
  let endpoint = translatedEndpoints.get(v);
  if (!endpoint) {
    endpoint = translateEndpoint(v);
    translatedEndpoints.set(v, endpoint);
  }
  return endpoint;
}

function translateEndpoint(e: Obj): Endpoint {
  const workloads = Array.isArray(e.workloads)
    ? e.workloads.filter(isObj).map((w) => ({ name: str(w.name), kind: str(w.kind) }))
    : [];
  return {
    id: num(e.ID),
    identity: num(e.identity),
    clusterName: str(e.cluster_name),
    namespace: str(e.namespace),
    labels: strs(e.labels),
    podName: str(e.pod_name),
    workloads,
  };
}

function layer4Of(v: unknown): Layer4 | undefined {
  if (!isObj(v)) return undefined;
  if (isObj(v.TCP)) {
    const t = v.TCP;
    const flags: string[] = [];
    if (isObj(t.flags)) for (const name of TCP_FLAGS) if (t.flags[name] === true) flags.push(name);
    return { protocol: 'TCP', sourcePort: num(t.source_port), destinationPort: num(t.destination_port), flags };
  }
  for (const protocol of ['UDP', 'SCTP'] as const) {
    const p = v[protocol];
    if (isObj(p)) return { protocol, sourcePort: num(p.source_port), destinationPort: num(p.destination_port) };
  }
  for (const protocol of ['ICMPv4', 'ICMPv6'] as const) {
    const p = v[protocol];
    if (isObj(p)) return { protocol, type: num(p.type), code: num(p.code) };
  }
  if (isObj(v.VRRP)) return { protocol: 'VRRP', type: num(v.VRRP.type), vrid: num(v.VRRP.vrid), priority: num(v.VRRP.priority) };
  if (isObj(v.IGMP)) return { protocol: 'IGMP', type: num(v.IGMP.type), groupAddress: str(v.IGMP.group_address) };
  return undefined;
}

function layer7Of(v: unknown): Layer7 | undefined {
  if (!isObj(v)) return undefined;
  const l7: Layer7 = { type: enumName(v.type, L7_TYPES), latencyNs: num(v.latency_ns) };
  if (isObj(v.dns)) {
    const d = v.dns;
    l7.dns = {
      query: str(d.query),
      ips: strs(d.ips),
      ttl: num(d.ttl),
      cnames: strs(d.cnames),
      observationSource: str(d.observation_source),
      rcode: num(d.rcode),
      qtypes: strs(d.qtypes),
      rrtypes: strs(d.rrtypes),
    };
  }
  if (isObj(v.http)) {
    const h = v.http;
    l7.http = {
      code: num(h.code),
      method: str(h.method),
      url: str(h.url),
      protocol: str(h.protocol),
      headers: Array.isArray(h.headers) ? h.headers.filter(isObj).map((x) => ({ key: str(x.key), value: str(x.value) })) : [],
    };
  }
  return l7;
}

function serviceOf(v: unknown): Service | undefined {
  if (!isObj(v)) return undefined;
  const name = str(v.name);
  return name ? { name, namespace: str(v.namespace) } : undefined;
}

function policiesOf(v: unknown): PolicyRef[] {
  if (!Array.isArray(v) || v.length === 0) return [];
  return v.filter(isObj).map((p) => ({
    name: str(p.name),
    namespace: str(p.namespace),
    kind: str(p.kind),
    labels: strs(p.labels),
    revision: num(p.revision),
  }));
}

/** `[milliseconds since epoch, nanoseconds within that millisecond]` of a Timestamp in either encoding. */
export function timeOf(v: unknown): [number, number] {
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) throw new Error(`invalid timestamp ${JSON.stringify(v.slice(0, 40))}`);
    const frac = /\.(\d+)/.exec(v);
    const nanos = frac ? Number((frac[1] + '000000000').slice(0, 9)) : 0;
    return [ms, nanos % 1_000_000];
  }
  if (isObj(v)) {
    const seconds = num(v.seconds);
    const nanos = num(v.nanos);
    return [seconds * 1000 + Math.floor(nanos / 1_000_000), nanos % 1_000_000];
  }
  return [0, 0];
}

/** A stable uuid from a flow's content, for captures without one. */
export function derivedUuid(flow: Flow): string {
  // NOTE: captures from agents before Hubble 1.13 have no uuid. A content hash keeps re-reads of the same capture
  // idempotent (the same line gives the same id) without merging distinct flows.
  const l4 = flow.l4 && 'sourcePort' in flow.l4 ? `${flow.l4.sourcePort}>${flow.l4.destinationPort}` : '';
  const key = [flow.time, flow.timeNanos, flow.nodeName, flow.verdict, flow.eventType, flow.eventSubType, flow.trafficDirection,
    flow.ip.source, flow.ip.destination, l4, flow.source.podName, flow.destination.podName, flow.traceObservationPoint,
    flow.l7?.type ?? '', flow.l7?.dns?.query ?? '', flow.l7?.http?.url ?? ''].join('|');
  const h = createHash('sha1').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function enumName<T extends string>(v: unknown, names: readonly T[]): T {
  if (typeof v === 'string' && (names as readonly string[]).includes(v)) return v as T;
  if (typeof v === 'number' && names[v] !== undefined) return names[v];
  return names[0];
}

function enumText(v: unknown): string {
  // Zero values (UNKNOWN_POINT, TRACE_REASON_UNKNOWN) mean "not set", as the jsonpb encoding omits them.
  if (typeof v === 'string') return v === 'UNKNOWN_POINT' || v === 'TRACE_REASON_UNKNOWN' ? '' : v;
  if (typeof v === 'number' && v !== 0) return String(v);
  return '';
}
