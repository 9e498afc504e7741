import fs from 'node:fs';
import readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

/**
 * Reads `hubble observe -o jsonpb` captures and Hubble exporter files (one JSON object per line; gzip detected by
 * its magic bytes) and converts each line into the object shape grpc-js encodes for a GetFlowsResponse:
 * RFC 3339 timestamps become `{seconds, nanos}`, bare wrapper values (`is_reply`, `cpu`) become `{value}`, and
 * 64-bit integers printed as strings become numbers. Lines that are not JSON, not an event, or that the
 * protobuf serializer rejects are counted and skipped with their line number; reading never throws for them.
 */

/** A wire object (proto field names). */
export type WireObject = Record<string, unknown>;

/** The outcome of one capture line (`checked`: what the validator returned for it, e.g. its encoding). */
export type CaptureLine<T = unknown> =
  | { kind: 'response'; lineNumber: number; response: WireObject; checked?: T }
  | { kind: 'ignored'; lineNumber: number; what: string }
  | { kind: 'bad'; lineNumber: number; reason: string };

/** A line of a capture that converted into a response, with what the validator returned and its length. */
export interface CaptureEntry<T = unknown> {
  response: WireObject;
  checked?: T;
  chars: number;
}

/** Counts of a capture read so far. */
export interface CaptureStats {
  lines: number;
  responses: number;
  ignored: number;
  bad: number;
  /** The first bad lines (at most {@link MAX_REPORTED_BAD_LINES}), with their reasons. */
  badLines: { file: string; lineNumber: number; reason: string }[];
}

/** How many bad lines are kept with their reason (all are counted). */
export const MAX_REPORTED_BAD_LINES = 100;

/**
 * Checks that an object encodes as a GetFlowsResponse (throws if not); e.g. the service's responseSerialize. What
 * it returns (e.g. the bytes it encoded) is kept with the response, so that the check's work is not done twice.
 */
export type ResponseValidator<T = unknown> = (response: WireObject) => T;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An empty stats object. */
export function newCaptureStats(): CaptureStats {
  return { lines: 0, responses: 0, ignored: 0, bad: 0, badLines: [] };
}

/** Parses an RFC 3339 timestamp (nanosecond precision kept) into `{seconds, nanos}`. Throws if malformed. */
export function parseRfc3339(text: string): { seconds: number; nanos: number } {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i.exec(text);
  const ms = m ? Date.parse(`${m[1]}${m[3].toUpperCase()}`) : NaN;
  if (!m || Number.isNaN(ms)) throw new Error(`invalid timestamp ${JSON.stringify(text.slice(0, 40))}`);
  return { seconds: ms / 1000, nanos: Number((m[2] ?? '').padEnd(9, '0')) };
}

function timestamp(v: unknown): { seconds: number; nanos: number } | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return parseRfc3339(v);
  if (isObj(v)) return { seconds: int64(v.seconds), nanos: int64(v.nanos) };
  throw new Error(`invalid timestamp ${JSON.stringify(v)}`);
}

function int64(v: unknown): number {
  if (v === undefined || v === null) return 0;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`invalid integer ${JSON.stringify(v)}`);
  return n;
}

function wrapper(v: unknown): Obj | undefined {
  if (v === undefined || v === null) return undefined;
  return isObj(v) ? v : { value: v };
}

function convertPolicies(v: unknown): unknown {
  return Array.isArray(v) ? v.map((p) => (isObj(p) && p.revision !== undefined ? { ...p, revision: int64(p.revision) } : p)) : v;
}

/** Converts a jsonpb `flow.Flow` into the gRPC-encodable shape. */
export function convertFlow(flow: Obj): Obj {
  const out: Obj = { ...flow };
  const set = (key: string, value: unknown) => (value === undefined ? delete out[key] : (out[key] = value));
  set('time', timestamp(flow.time));
  set('is_reply', wrapper(flow.is_reply));
  if (isObj(flow.l7) && flow.l7.latency_ns !== undefined) out.l7 = { ...flow.l7, latency_ns: int64(flow.l7.latency_ns) };
  for (const key of ['egress_allowed_by', 'ingress_allowed_by', 'egress_denied_by', 'ingress_denied_by']) {
    if (flow[key] !== undefined) out[key] = convertPolicies(flow[key]);
  }
  for (const key of ['socket_cookie', 'cgroup_id']) if (flow[key] !== undefined) out[key] = int64(flow[key]);
  if (isObj(flow.ip_trace_id)) out.ip_trace_id = { ...flow.ip_trace_id, trace_id: int64(flow.ip_trace_id.trace_id) };
  // NOTE: `extensions` is a google.protobuf.Any whose JSON form names a type we cannot encode; drop it.
  delete out.extensions;
  return out;
}

function convertLostEvent(lost: Obj): Obj {
  const out: Obj = { ...lost, num_events_lost: int64(lost.num_events_lost) };
  const cpu = wrapper(lost.cpu);
  if (cpu) out.cpu = cpu;
  for (const key of ['first', 'last']) if (lost[key] !== undefined) out[key] = timestamp(lost[key]);
  return out;
}

/**
 * Converts one parsed jsonpb line (`{flow|node_status|lost_events, node_name, time}`) into a GetFlowsResponse
 * object. Returns a string naming the event kind for events GetFlows does not carry (agent/debug events).
 */
export function toGrpcResponse(json: unknown): WireObject | string {
  if (!isObj(json)) throw new Error('not a JSON object');
  const out: Obj = {};
  if (isObj(json.flow)) out.flow = convertFlow(json.flow);
  else if (isObj(json.lost_events)) out.lost_events = convertLostEvent(json.lost_events);
  else if (isObj(json.node_status)) out.node_status = json.node_status;
  else if ('agent_event' in json) return 'agent_event';
  else if ('debug_event' in json) return 'debug_event';
  else throw new Error('no flow, node_status or lost_events in the object');
  if (json.node_name !== undefined) out.node_name = String(json.node_name);
  const time = timestamp(json.time) ?? (isObj(out.flow) ? (out.flow.time as Obj | undefined) : undefined);
  if (time) out.time = time;
  return out;
}

/** Parses one capture line. Never throws. */
export function parseCaptureLine<T>(line: string, lineNumber: number, validate?: ResponseValidator<T>): CaptureLine<T> {
  try {
    const converted = toGrpcResponse(JSON.parse(line));
    if (typeof converted === 'string') return { kind: 'ignored', lineNumber, what: converted };
    return { kind: 'response', lineNumber, response: converted, checked: validate?.(converted) };
  } catch (error) {
    return { kind: 'bad', lineNumber, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Opens a capture file as text, gunzipping it when it starts with the gzip magic bytes 1f 8b. */
export async function openCapture(file: string): Promise<Readable> {
  const handle = await fs.promises.open(file, 'r');
  const magic = Buffer.alloc(2);
  const { bytesRead } = await handle.read(magic, 0, 2, 0);
  await handle.close();
  const raw = fs.createReadStream(file);
  if (bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b) {
    const gunzip = createGunzip();
    raw.on('error', (e) => gunzip.destroy(e));
    return raw.pipe(gunzip);
  }
  return raw;
}

/** Reads a capture's converted responses; see {@link readCaptureLines}. */
export async function* readCapture(file: string, stats: CaptureStats = newCaptureStats(), validate?: ResponseValidator): AsyncGenerator<WireObject> {
  for await (const line of readCaptureLines(file, stats, validate)) yield line.response;
}

/**
 * Reads a capture line by line (streaming: memory stays bounded by the longest line) and yields the lines that
 * convert into responses, with what `validate` returned for them. Bad lines, blank lines aside, are recorded in
 * `stats`; a truncated gzip stream ends the file with one bad entry instead of an exception.
 */
export async function* readCaptureLines<T>(file: string, stats: CaptureStats = newCaptureStats(), validate?: ResponseValidator<T>): AsyncGenerator<CaptureEntry<T>> {
  const input = await openCapture(file);
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') continue;
      stats.lines++;
      const parsed = parseCaptureLine(line, lineNumber, validate);
      if (parsed.kind === 'response') {
        stats.responses++;
        yield { response: parsed.response, checked: parsed.checked, chars: line.length };
      } else if (parsed.kind === 'ignored') stats.ignored++;
      else recordBad(stats, file, lineNumber, parsed.reason);
    }
  } catch (error) {
    recordBad(stats, file, lineNumber + 1, `unreadable: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    lines.close();
    input.destroy();
  }
}

function recordBad(stats: CaptureStats, file: string, lineNumber: number, reason: string): void {
  stats.bad++;
  if (stats.badLines.length < MAX_REPORTED_BAD_LINES) stats.badLines.push({ file, lineNumber, reason });
}
