import type { WireObject } from './wire-endpoint';

/**
 * Flow templates: the static part of a generated flow (endpoints, verdict, event type, IPs, node, ...) built
 * once per (connection, pods, step), plus the few fields that vary per flow (time, uuid, L4 ports). A generated
 * flow is a template reference and those numbers, so ring buffers stay small, and the wire bytes can be written
 * by concatenating the template's pre-encoded bytes with a hand-encoded dynamic part: the same message the
 * protobuf serializer produces from {@link toGetFlowsResponse}, at a fraction of the cost.
 */

/** The L4 layer of a template; ports come from the {@link GeneratedFlow}. */
export type L4Spec =
  | { protocol: 'TCP'; flags: Record<string, true>; forward: boolean }
  | { protocol: 'UDP'; forward: boolean }
  | { protocol: 'ICMPv4'; type: number; code: number };

/** The static part of generated flows. */
export interface FlowTemplate {
  readonly key: string;
  /** `cluster/node` of the observing agent. */
  readonly nodeName: string;
  /** Every Flow field except `time`, `uuid` and `l4`. */
  readonly flow: Readonly<WireObject>;
  readonly l4: L4Spec;
  /** Namespaces of the two endpoints (for GetNamespaces). */
  readonly namespaces: readonly string[];
  /** Encoded static Flow fields, filled on first use. */
  staticBytes?: Buffer;
  /** Encoded `node_name` response field, filled on first use. */
  nodeNameBytes?: Buffer;
  /** Encoded `l4` field without ports' values (TCP flags), filled on first use. */
  flagsBytes?: Buffer;
}

/** One generated flow. */
export interface GeneratedFlow {
  readonly template: FlowTemplate;
  /** Microseconds since the epoch. */
  readonly timeUs: number;
  /** Sub-microsecond nanoseconds (0..999). */
  readonly subMicroNanos: number;
  readonly uuid: string;
  readonly clientPort: number;
  readonly serverPort: number;
}

/** Serializes a GetFlowsResponse object (the service definition's `responseSerialize`). */
export type ResponseSerializer = (value: object) => Buffer;

/** `{seconds, nanos}` of a generated flow. */
export function flowTimestamp(f: GeneratedFlow): { seconds: number; nanos: number } {
  const seconds = Math.floor(f.timeUs / 1e6);
  return { seconds, nanos: (f.timeUs - seconds * 1e6) * 1000 + f.subMicroNanos };
}

/** The wire `l4` object of a generated flow (zero values omitted, as Hubble's JSON shows them). */
export function wireLayer4(f: GeneratedFlow): WireObject {
  const l4 = f.template.l4;
  if (l4.protocol === 'ICMPv4') return { ICMPv4: { ...(l4.type ? { type: l4.type } : {}), ...(l4.code ? { code: l4.code } : {}) } };
  const [source_port, destination_port] = l4.forward ? [f.clientPort, f.serverPort] : [f.serverPort, f.clientPort];
  if (l4.protocol === 'UDP') return { UDP: { source_port, destination_port } };
  return { TCP: { source_port, destination_port, flags: l4.flags } };
}

/** The wire `flow.Flow` object of a generated flow. */
export function toWireFlow(f: GeneratedFlow): WireObject {
  return { time: flowTimestamp(f), uuid: f.uuid, ...f.template.flow, l4: wireLayer4(f) };
}

/** The `GetFlowsResponse` object (`{flow, node_name, time}`) of a generated flow, as grpc-js encodes it. */
export function toGetFlowsResponse(f: GeneratedFlow): WireObject {
  const flow = toWireFlow(f);
  return { flow, node_name: f.template.nodeName, time: flow.time };
}

/** Scratch space for the per-flow fields (time, uuid, l4): at most ~70 bytes. */
const scratch = Buffer.allocUnsafe(128);

/** An upper bound of the encoded size of a generated flow's GetFlowsResponse. */
export function maxEncodedLength(f: GeneratedFlow, serialize: ResponseSerializer): number {
  const t = f.template;
  return prepare(t, serialize).length + t.nodeNameBytes!.length + 128;
}

/** Encodes a generated flow's GetFlowsResponse (identical content to serializing {@link toGetFlowsResponse}). */
export function encodeGetFlowsResponse(f: GeneratedFlow, serialize: ResponseSerializer): Buffer {
  const out = Buffer.allocUnsafe(maxEncodedLength(f, serialize));
  return out.subarray(0, writeGetFlowsResponse(f, serialize, out, 0));
}

/**
 * Writes a generated flow's encoded GetFlowsResponse into `out` at `offset` (room for
 * {@link maxEncodedLength} bytes); returns the end offset.
 */
export function writeGetFlowsResponse(f: GeneratedFlow, serialize: ResponseSerializer, out: Buffer, offset: number): number {
  const t = f.template;
  const staticBytes = prepare(t, serialize);
  const dynamicLength = writeDynamicFields(f);
  let o = offset;
  out[o++] = 0x0a; // GetFlowsResponse.flow (1, LEN)
  o = writeVarint(out, o, staticBytes.length + dynamicLength);
  o += staticBytes.copy(out, o);
  o += scratch.copy(out, o, 0, dynamicLength);
  o += t.nodeNameBytes!.copy(out, o);
  out[o++] = 0xca; // GetFlowsResponse.time (1001, LEN): the same Timestamp as Flow.time
  out[o++] = 0x3e;
  return o + scratch.copy(out, o, 1, 2 + scratch[1]);
}

/** Writes Flow.time (1), Flow.uuid (34) and Flow.l4 (6) into the scratch buffer; returns their length. */
function writeDynamicFields(f: GeneratedFlow): number {
  const seconds = Math.floor(f.timeUs / 1e6);
  const nanos = (f.timeUs - seconds * 1e6) * 1000 + f.subMicroNanos;
  const b = scratch;
  b[0] = 0x0a;
  b[2] = 0x08;
  let o = writeVarint(b, 3, seconds);
  b[o++] = 0x10;
  o = writeVarint(b, o, nanos);
  b[1] = o - 2;
  b[o++] = 0x92;
  b[o++] = 0x02;
  const uuid = f.uuid;
  b[o++] = uuid.length;
  for (let i = 0; i < uuid.length; i++) b[o++] = uuid.charCodeAt(i);
  b[o++] = 0x32;
  const l4Len = o++;
  o = writeLayer4(f, b, o);
  b[l4Len] = o - l4Len - 1;
  return o;
}

/** A template's pre-encoded parts: static Flow fields, the `node_name` field, the TCP flags field. */
export function flowTemplateBytes(t: FlowTemplate, serialize: ResponseSerializer): { staticBytes: Buffer; nodeNameBytes: Buffer; flagsBytes?: Buffer } {
  const staticBytes = prepare(t, serialize);
  return { staticBytes, nodeNameBytes: t.nodeNameBytes!, flagsBytes: t.flagsBytes };
}

function prepare(t: FlowTemplate, serialize: ResponseSerializer): Buffer {
  if (t.staticBytes) return t.staticBytes;
  const wrapped = serialize({ flow: t.flow });
  let o = 1;
  while (wrapped[o] & 0x80) o++;
  t.staticBytes = wrapped.subarray(o + 1);
  const name = Buffer.from(t.nodeName, 'utf8');
  t.nodeNameBytes = Buffer.concat([Buffer.from([0xc2, 0x3e]), varintBuffer(name.length), name]);
  if (t.l4.protocol === 'TCP') t.flagsBytes = tcpFlagsBytes(t.l4.flags);
  return t.staticBytes;
}

const TCP_FLAG_FIELDS = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'NS'];

function tcpFlagsBytes(flags: Record<string, true>): Buffer {
  const bytes: number[] = [];
  TCP_FLAG_FIELDS.forEach((name, i) => {
    if (flags[name]) bytes.push((i + 1) << 3, 1);
  });
  return Buffer.from([0x1a, bytes.length, ...bytes]);
}

/** Writes the Layer4 message body (one oneof member); nested lengths are below 128, so one byte each. */
function writeLayer4(f: GeneratedFlow, out: Buffer, o: number): number {
  const l4 = f.template.l4;
  out[o++] = l4.protocol === 'TCP' ? 0x0a : l4.protocol === 'UDP' ? 0x12 : 0x1a;
  const lenAt = o++;
  if (l4.protocol === 'ICMPv4') {
    if (l4.type) {
      out[o++] = 0x08;
      o = writeVarint(out, o, l4.type);
    }
    if (l4.code) {
      out[o++] = 0x10;
      o = writeVarint(out, o, l4.code);
    }
  } else {
    out[o++] = 0x08;
    o = writeVarint(out, o, l4.forward ? f.clientPort : f.serverPort);
    out[o++] = 0x10;
    o = writeVarint(out, o, l4.forward ? f.serverPort : f.clientPort);
    if (l4.protocol === 'TCP') o += f.template.flagsBytes!.copy(out, o);
  }
  out[lenAt] = o - lenAt - 1;
  return o;
}

function varintSize(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

function writeVarint(out: Buffer, o: number, v: number): number {
  while (v >= 0x80) {
    out[o++] = (v & 0x7f) | 0x80;
    v = Math.floor(v / 128);
  }
  out[o++] = v;
  return o;
}

function varintBuffer(v: number): Buffer {
  const b = Buffer.alloc(varintSize(v));
  writeVarint(b, 0, v);
  return b;
}
