import type { WireObject } from './replay';
import { Wire } from '../hubble/wire-cursor';
import { writeFixed5 } from './fixed-varint';

/**
 * A capture line encoded once: the replay checks each line by encoding it (the check of the line is that encode)
 * and sends those very bytes, patched where playing changes them, instead of building a shifted copy of the
 * object and encoding that again. Both timestamps (GetFlowsResponse.time and Flow.time) are encoded from
 * placeholders that take 5-byte varints, so any later `seconds` (below 2^35, the year 3058) and `nanos` are
 * written over them in place: non-minimal varints, valid protobuf (encoded-flow-pool.ts does the same), and a
 * client decodes the same message as from the shifted object. The uuid is patched in place when the new one has
 * the same byte length (a 36-character uuid, as captures have). Offsets are found by walking the encoded fields,
 * never by searching for bytes. A frame itself is never changed: each play patches a copy (it may be played again
 * while the previous copy still waits in a ring).
 */

/** An encoded GetFlowsResponse whose timestamps and uuid can be rewritten in place. */
export interface ReplayFrame {
  readonly bytes: Buffer;
  /** Offset of GetFlowsResponse.time's `seconds` varint (its `nanos` varint starts 6 bytes later); -1: none. */
  readonly responseTimeAt: number;
  /** Offset of Flow.time's `seconds` varint; -1: none. */
  readonly flowTimeAt: number;
  /** Offset and byte length of Flow.uuid's text; -1: none. */
  readonly uuidAt: number;
  readonly uuidLength: number;
}

/** A protobuf Timestamp as a capture's JSON has it. */
export type Timestamp = { seconds: number; nanos?: number };
type Obj = Record<string, unknown>;

const PLACEHOLDER = { seconds: 2 ** 34, nanos: 2 ** 29 };
/** Timestamp {seconds, nanos} with both as 5-byte varints: its length, then tag 1, 5 bytes, tag 2, 5 bytes. */
const TIMESTAMP_LENGTH = 12;
const MAX_SECONDS = 2 ** 35 - 1;

/**
 * Encodes `response` with `serialize` (which throws for a response that does not encode: this is the check of the
 * line), its timestamps as placeholders to be patched by {@link patchReplayFrame}. Undefined when the encoding is
 * not laid out as expected (the caller then encodes each played response instead).
 */
export function encodeReplayFrame(response: WireObject, serialize: (response: WireObject) => Buffer): ReplayFrame | undefined {
  const flow = response.flow as Obj | undefined;
  const placeholder: WireObject = { ...response };
  if (response.time) placeholder.time = PLACEHOLDER;
  if (flow?.time) placeholder.flow = { ...flow, time: PLACEHOLDER };
  const bytes = serialize(placeholder);
  const found = locateFields(bytes);
  if (!found) return undefined;
  if ((found.responseTimeAt >= 0) !== Boolean(response.time) || (found.flowTimeAt >= 0) !== Boolean(flow?.time)) return undefined;
  return { bytes, ...found };
}

/**
 * The frame as played: a copy with the played timestamps (the response's and the flow's, as the shifted response
 * has them) and, when given, a new uuid written in. Undefined when a value does not fit in place.
 */
export function patchReplayFrame(frame: ReplayFrame, responseTime: Timestamp | undefined, flowTime: Timestamp | undefined, uuid?: string): Buffer | undefined {
  const fits = (t: Timestamp | undefined, at: number) => (at < 0 ? t === undefined : t !== undefined && t.seconds >= 0 && t.seconds <= MAX_SECONDS && Number.isInteger(t.seconds));
  if (!fits(responseTime, frame.responseTimeAt) || !fits(flowTime, frame.flowTimeAt)) return undefined;
  if (uuid !== undefined && (frame.uuidAt < 0 || Buffer.byteLength(uuid) !== frame.uuidLength)) return undefined;
  const out = Buffer.from(frame.bytes);
  if (responseTime) writeTimestamp(out, frame.responseTimeAt, responseTime);
  if (flowTime) writeTimestamp(out, frame.flowTimeAt, flowTime);
  if (uuid !== undefined) out.write(uuid, frame.uuidAt, 'utf8');
  return out;
}

function writeTimestamp(out: Buffer, at: number, t: Timestamp): void {
  writeFixed5(out, at, t.seconds);
  writeFixed5(out, at + 6, t.nanos ?? 0);
}

/** Offset of a placeholder Timestamp's `seconds` varint (its content is `[start, end)`), or -1 when not as encoded. */
function timestampAt(bytes: Buffer, start: number, end: number): number {
  return end - start === TIMESTAMP_LENGTH && bytes[start] === 0x08 && bytes[start + 6] === 0x10 ? start + 1 : -1;
}

/** Where the fields to patch are: GetFlowsResponse.time (1001), and in `flow` (1) its time (1) and uuid (34). */
function locateFields(bytes: Buffer): Omit<ReplayFrame, 'bytes'> | undefined {
  const found = { responseTimeAt: -1, flowTimeAt: -1, uuidAt: -1, uuidLength: 0 };
  try {
    const response = new Wire(bytes, 0, bytes.length);
    while (response.pos < response.end) {
      const key = response.varint();
      const field = key >>> 3;
      if (field === 1001 && (key & 7) === 2) {
        const end = response.delimited();
        found.responseTimeAt = timestampAt(bytes, response.pos, end);
        if (found.responseTimeAt < 0) return undefined;
        response.pos = end;
      } else if (field === 1 && (key & 7) === 2) {
        const end = response.delimited();
        const flow = new Wire(bytes, response.pos, end);
        response.pos = end;
        while (flow.pos < flow.end) {
          const flowKey = flow.varint();
          if ((flowKey & 7) !== 2 || (flowKey >>> 3 !== 1 && flowKey >>> 3 !== 34)) {
            flow.skip(flowKey & 7);
            continue;
          }
          const end = flow.delimited();
          if (flowKey >>> 3 === 1) {
            found.flowTimeAt = timestampAt(bytes, flow.pos, end);
            if (found.flowTimeAt < 0) return undefined;
          } else {
            found.uuidAt = flow.pos;
            found.uuidLength = end - flow.pos;
          }
          flow.pos = end;
        }
      } else {
        response.skip(key & 7);
      }
    }
  } catch {
    return undefined; // not well formed: the caller encodes each played response instead
  }
  return found;
}
