import { flowTemplateBytes, toWireFlow, type GeneratedFlow, type ResponseSerializer } from './flow-template';
import type { FlowPredicate } from './flow-filter';
import type { FlowGenerator } from './homelab-generator';
import { fixed3, writeFixed3, writeFixed5 } from './fixed-varint';

/**
 * The max-speed mode's source: one recorded cycle of generated flows encoded once as gRPC frames
 * (`GetFlowsResponse` with the 5-byte length prefix), filtered once per stream filter. A stream copies runs of
 * frames into its write buffer and patches the few fields that must advance on every lap: both timestamps
 * (shifted by the cycle's span per lap), the uuid's first 8 hex digits (the lap number, so de-duplication by uuid
 * never sees a repeat) and the client's ephemeral port (shifted as the looped generator shifts it). The patched
 * fields are written as fixed-width varints (non-minimal but valid protobuf), so patching never moves a byte.
 *
 * Flows "happen" as fast as the unfiltered streams read them: a filtered stream (Lockstep's ingest asks only for
 * policy verdicts and DNS) gets a flow once an unfiltered stream has been sent it (a {@link FlowClock}), as from a
 * real relay, where a filtered stream carries its share of the traffic and no more. With no unfiltered stream
 * open, filtered streams run free.
 */

const EPHEMERAL_FIRST = 32768;
const EPHEMERAL_COUNT = 60999 - 32768 + 1;
const UUID_LENGTH = 36;

/** A cycle of flows encoded once; see {@link PoolCursor} for reading it lap after lap. */
export interface EncodedFlowPool {
  readonly count: number;
  /** The frames back to back. */
  readonly frames: Buffer;
  /** Offset of each frame; `starts[count]` is the end. */
  readonly starts: Uint32Array;
  /** Offsets (in `frames`) of Flow.time's and GetFlowsResponse.time's `seconds` value, of the uuid, of the client port (-1: none). */
  readonly flowTimeAt: Uint32Array;
  readonly responseTimeAt: Uint32Array;
  readonly uuidAt: Uint32Array;
  readonly clientPortAt: Int32Array;
  readonly timeUs: Float64Array;
  readonly subMicroNanos: Uint16Array;
  readonly clientPort: Uint16Array;
  /** Each flow's index in the cycle. */
  readonly cycleIndex: Uint32Array;
  readonly cycleLength: number;
  /** The time shift of one lap (the cycle's duration plus one mean gap). */
  readonly spanUs: number;
  /** Time of the cycle's first flow. */
  readonly firstUs: number;
}

/** The recorded cycle a pool is encoded from. */
export interface FlowCycle {
  readonly flows: readonly GeneratedFlow[];
  readonly spanUs: number;
}

/** Records the next `length` flows of `source` (default 16384) as a cycle. */
export function recordFlowCycle(source: FlowGenerator, length = 16_384): FlowCycle {
  const flows = source.take(Math.max(1, length));
  // The span between laps: the cycle's duration plus one mean gap, so lap boundaries keep the average rate.
  const spanUs = Math.max(1, flows[flows.length - 1].timeUs - flows[0].timeUs + Math.round(1e6 / source.rate));
  return { flows, spanUs };
}

/** Encodes the flows of `cycle` that `predicate` keeps (all of them without one). */
export function encodeFlowPool(cycle: FlowCycle, serialize: ResponseSerializer, predicate?: FlowPredicate): EncodedFlowPool {
  const indexes = cycle.flows.map((_, i) => i).filter((i) => !predicate || predicate(toWireFlow(cycle.flows[i])));
  const flows = indexes.map((i) => cycle.flows[i]);
  const count = flows.length;
  const parts: Buffer[] = [];
  const pool = {
    count,
    starts: new Uint32Array(count + 1),
    flowTimeAt: new Uint32Array(count),
    responseTimeAt: new Uint32Array(count),
    uuidAt: new Uint32Array(count),
    clientPortAt: new Int32Array(count),
    timeUs: new Float64Array(count),
    subMicroNanos: new Uint16Array(count),
    clientPort: new Uint16Array(count),
    cycleIndex: new Uint32Array(count),
    cycleLength: cycle.flows.length,
    spanUs: cycle.spanUs,
    firstUs: cycle.flows[0]?.timeUs ?? 0,
  };
  let offset = 0;
  flows.forEach((f, i) => {
    const frame = encodeFrame(f, serialize);
    pool.starts[i] = offset;
    pool.flowTimeAt[i] = offset + frame.flowTimeAt;
    pool.responseTimeAt[i] = offset + frame.responseTimeAt;
    pool.uuidAt[i] = offset + frame.uuidAt;
    pool.clientPortAt[i] = frame.clientPortAt < 0 ? -1 : offset + frame.clientPortAt;
    pool.timeUs[i] = f.timeUs;
    pool.subMicroNanos[i] = f.subMicroNanos;
    pool.clientPort[i] = f.clientPort;
    pool.cycleIndex[i] = indexes[i];
    parts.push(frame.bytes);
    offset += frame.bytes.length;
  });
  pool.starts[count] = offset;
  return { ...pool, frames: Buffer.concat(parts, offset) };
}

interface EncodedFrame {
  bytes: Buffer;
  flowTimeAt: number;
  responseTimeAt: number;
  uuidAt: number;
  clientPortAt: number;
}

/** One frame: prefix, then `flow` = static fields + time + uuid + l4, then node_name and time. */
function encodeFrame(f: GeneratedFlow, serialize: ResponseSerializer): EncodedFrame {
  const { staticBytes, nodeNameBytes, flagsBytes } = flowTemplateBytes(f.template, serialize);
  if (f.uuid.length !== UUID_LENGTH) throw new Error(`unexpected uuid ${f.uuid}`);
  const l4 = f.template.l4;
  const layer4: number[] = [];
  let clientPortIn = -1;
  if (l4.protocol === 'ICMPv4') {
    const icmp = [...(l4.type ? [0x08, ...varint(l4.type)] : []), ...(l4.code ? [0x10, ...varint(l4.code)] : [])];
    layer4.push(0x1a, icmp.length, ...icmp);
  } else {
    const [source, destination] = l4.forward ? [f.clientPort, f.serverPort] : [f.serverPort, f.clientPort];
    const body = [0x08, ...fixed3(source), 0x10, ...fixed3(destination), ...(l4.protocol === 'TCP' ? flagsBytes! : [])];
    if (f.clientPort >= EPHEMERAL_FIRST) clientPortIn = 2 + (l4.forward ? 1 : 5);
    layer4.push(l4.protocol === 'TCP' ? 0x0a : 0x12, body.length, ...body);
  }
  // Timestamp {seconds, nanos} with its length: the same bytes follow Flow.time's tag and GetFlowsResponse.time's.
  const timestamp = [12, 0x08, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0];
  const dynamic = Buffer.from([0x0a, ...timestamp, 0x92, 0x02, UUID_LENGTH, ...Buffer.from(f.uuid, 'latin1'), 0x32, layer4.length, ...layer4]);
  const flowLength = staticBytes.length + dynamic.length;
  const head = Buffer.from([0, 0, 0, 0, 0, 0x0a, ...varint(flowLength)]);
  const tail = Buffer.from([0xca, 0x3e, ...timestamp]);
  const bytes = Buffer.concat([head, staticBytes, dynamic, nodeNameBytes, tail]);
  bytes.writeUInt32BE(bytes.length - 5, 1);
  const dynamicAt = head.length + staticBytes.length;
  const uuidAt = dynamicAt + 1 + timestamp.length + 3;
  return {
    bytes,
    flowTimeAt: dynamicAt + 3,
    responseTimeAt: bytes.length - timestamp.length + 2,
    uuidAt,
    clientPortAt: clientPortIn < 0 ? -1 : uuidAt + UUID_LENGTH + 2 + clientPortIn,
  };
}

/** How far the unfiltered streams have read the cycle (laps × cycle length + index), and how many are open. */
export interface FlowClock {
  position: number;
  unfilteredReaders: number;
}

/**
 * One stream's position in a pool: frames are copied in runs and patched for the current lap. Times are the
 * cycle's, shifted by `shiftUs` plus one span per lap. An
 * unfiltered cursor advances `clock`; a filtered one (`paced`) stays behind it. Call `close()` when the stream ends.
 */
export class PoolCursor {
  private index = 0;
  private lap = 0;
  private closed = false;
  private readonly lapHex = Buffer.alloc(8, '0');
  constructor(
    private readonly pool: EncodedFlowPool,
    private readonly shiftUs: number,
    private readonly clock: FlowClock = { position: 0, unfilteredReaders: 0 },
    private readonly paced = false,
  ) {
    if (!paced) clock.unfilteredReaders++;
  }

  /** False when the pool holds no flow: this cursor never fills anything. */
  get hasFlows(): boolean {
    return this.pool.count > 0;
  }

  close(): void {
    if (!this.paced && !this.closed) this.clock.unfilteredReaders--;
    this.closed = true;
  }

  /**
   * Fills `out` with whole frames from offset 0; returns the bytes written. Zero frames: an empty pool, or a
   * paced cursor that has caught up with the clock.
   */
  fill(out: Buffer): { bytes: number; frames: number } {
    const pool = this.pool;
    const starts = pool.starts;
    const limit = this.paced && this.clock.unfilteredReaders > 0 ? this.clock.position : Infinity;
    let o = 0;
    let frames = 0;
    while (pool.count > 0) {
      const first = this.index;
      const lapStart = this.lap * pool.cycleLength;
      let last = first;
      while (last < pool.count && starts[last + 1] - starts[first] <= out.length - o && lapStart + pool.cycleIndex[last] < limit) last++;
      if (last === first) break;
      pool.frames.copy(out, o, starts[first], starts[last]);
      this.patch(out, o - starts[first], first, last);
      o += starts[last] - starts[first];
      frames += last - first;
      this.index = last;
      if (!this.paced) this.clock.position = Math.max(this.clock.position, lapStart + pool.cycleIndex[last - 1] + 1);
      if (last === pool.count) this.nextLap();
    }
    return { bytes: o, frames };
  }

  private nextLap(): void {
    this.index = 0;
    this.lap++;
    this.lapHex.write((this.lap >>> 0).toString(16).padStart(8, '0'), 'latin1');
  }

  /** Patches frames `[first, last)` copied to `out` at `delta` from their pool offsets. */
  private patch(out: Buffer, delta: number, first: number, last: number): void {
    const pool = this.pool;
    const shiftUs = this.shiftUs + this.lap * pool.spanUs;
    const portShift = (this.lap * 7919) % EPHEMERAL_COUNT;
    for (let k = first; k < last; k++) {
      const timeUs = pool.timeUs[k] + shiftUs;
      const seconds = Math.floor(timeUs / 1e6);
      const nanos = (timeUs - seconds * 1e6) * 1000 + pool.subMicroNanos[k];
      writeFixed5(out, pool.flowTimeAt[k] + delta, seconds);
      writeFixed5(out, pool.flowTimeAt[k] + delta + 6, nanos);
      out.copyWithin(pool.responseTimeAt[k] + delta, pool.flowTimeAt[k] + delta, pool.flowTimeAt[k] + delta + 11);
      this.lapHex.copy(out, pool.uuidAt[k] + delta);
      const portAt = pool.clientPortAt[k];
      if (portAt >= 0) writeFixed3(out, portAt + delta, EPHEMERAL_FIRST + ((pool.clientPort[k] - EPHEMERAL_FIRST + portShift) % EPHEMERAL_COUNT));
    }
  }
}

function varint(v: number): number[] {
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}
