import type { WireObject } from './replay';
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

/** Reads a varint at `o` into VARINT (value, next offset); false past `end` or for a varint over 2^53. */
function readVarint(bytes: Buffer, o: number, end: number): boolean {
  let value = 0;
  for (let shift = 1; o < end && shift < 2 ** 56; shift *= 128) {
    const b = bytes[o++];
    value += (b & 0x7f) * shift;
    if (b < 0x80) {
      VARINT[0] = value;
      VARINT[1] = o;
      return true;
    }
  }
  return false;
}

const VARINT = [0, 0];
/** The field read by {@link readField}: its number, and the range of its value (a length-delimited one's content). */
const FIELD = [0, 0, 0];

/** Reads the field at `o` into FIELD; returns the offset after it, or -1 when the message is not well formed. */
function readField(bytes: Buffer, o: number, end: number): number {
  if (!readVarint(bytes, o, end)) return -1;
  const key = VARINT[0];
  const valueAt = VARINT[1];
  const wireType = key % 8;
  let start = valueAt;
  let next = -1;
  if (wireType === 0) next = readVarint(bytes, valueAt, end) ? VARINT[1] : -1;
  else if (wireType === 1) next = valueAt + 8;
  else if (wireType === 5) next = valueAt + 4;
  else if (wireType === 2 && readVarint(bytes, valueAt, end)) {
    start = VARINT[1];
    next = start + VARINT[0];
  }
  if (next < 0 || next > end) return -1;
  FIELD[0] = Math.floor(key / 8);
  FIELD[1] = start;
  FIELD[2] = next;
  return next;
}

/** Offset of a placeholder Timestamp's `seconds` varint (FIELD holds the Timestamp field), or -1 when not as encoded. */
function timestampAt(bytes: Buffer): number {
  const [, start, end] = FIELD;
  return end - start === TIMESTAMP_LENGTH && bytes[start] === 0x08 && bytes[start + 6] === 0x10 ? start + 1 : -1;
}

/** Where the fields to patch are: GetFlowsResponse.time (1001), and in `flow` (1) its time (1) and uuid (34). */
function locateFields(bytes: Buffer): Omit<ReplayFrame, 'bytes'> | undefined {
  const found = { responseTimeAt: -1, flowTimeAt: -1, uuidAt: -1, uuidLength: 0 };
  for (let o = 0; o < bytes.length; ) {
    o = readField(bytes, o, bytes.length);
    if (o < 0) return undefined;
    if (FIELD[0] === 1001) {
      found.responseTimeAt = timestampAt(bytes);
      if (found.responseTimeAt < 0) return undefined;
    } else if (FIELD[0] === 1) {
      const end = FIELD[2];
      for (let i = FIELD[1]; i < end; ) {
        i = readField(bytes, i, end);
        if (i < 0) return undefined;
        if (FIELD[0] === 1) {
          found.flowTimeAt = timestampAt(bytes);
          if (found.flowTimeAt < 0) return undefined;
        } else if (FIELD[0] === 34) {
          found.uuidAt = FIELD[1];
          found.uuidLength = FIELD[2] - FIELD[1];
        }
      }
    }
  }
  return found;
}
