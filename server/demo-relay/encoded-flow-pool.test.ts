import { describe, expect, it } from 'vitest';
import { observerServiceDefinition } from '../hubble/proto';
import { createHomelabGenerator } from './homelab-generator';
import { encodeFlowPool, PoolCursor, recordFlowCycle } from './encoded-flow-pool';
import { compileFlowFilters } from './flow-filter';
import { toGetFlowsResponse, type ResponseSerializer } from './flow-template';

const definition = observerServiceDefinition();
const serialize = definition.GetFlows.responseSerialize as ResponseSerializer;
const deserialize = definition.GetFlows.responseDeserialize as (b: Buffer) => Wire;
type Wire = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Splits a buffer of gRPC frames into decoded responses. */
function decodeFrames(bytes: Buffer): Wire[] {
  const out: Wire[] = [];
  for (let o = 0; o < bytes.length; ) {
    expect(bytes[o]).toBe(0);
    const end = o + 5 + bytes.readUInt32BE(o + 1);
    out.push(deserialize(bytes.subarray(o + 5, end)));
    o = end;
  }
  return out;
}

const micros = (t: Wire) => Number(t.seconds) * 1e6 + Math.floor(t.nanos / 1000);

describe('encoded flow pool', () => {
  const cycle = recordFlowCycle(createHomelabGenerator({ seed: 4, startTimeMs: Date.UTC(2026, 10, 1), rate: 1000 }), 300);

  function laps(predicate?: Parameters<typeof encodeFlowPool>[2]) {
    const pool = encodeFlowPool(cycle, serialize, predicate);
    const cursor = new PoolCursor(pool, 0);
    const responses: Wire[] = [];
    while (responses.length < 2 * pool.count) {
      const chunk = Buffer.alloc(8192);
      const { bytes, frames } = cursor.fill(chunk);
      const decoded = decodeFrames(chunk.subarray(0, bytes));
      expect(decoded.length).toBe(frames);
      responses.push(...decoded);
    }
    return { pool, lap0: responses.slice(0, pool.count), lap1: responses.slice(pool.count, 2 * pool.count) };
  }

  it('sends the cycle as the serializer encodes it, then later laps with later times, fresh uuids and shifted client ports', () => {
    const { lap0, lap1 } = laps();
    expect(lap0.length).toBe(300);
    const reference = cycle.flows.map((f) => deserialize(serialize(toGetFlowsResponse(f))));
    lap0.forEach((r, i) => {
      const { uuid, ...rest } = r.flow;
      const { uuid: referenceUuid, ...referenceRest } = reference[i].flow;
      expect(rest).toEqual(referenceRest);
      expect(uuid.slice(8)).toBe(referenceUuid.slice(8));
      expect(r.time).toEqual(reference[i].time);
      expect(r.node_name).toBe(reference[i].node_name);
    });
    expect(micros(lap1[0].flow.time)).toBeGreaterThan(micros(lap0[299].flow.time));
    lap1.forEach((r, i) => {
      expect(micros(r.flow.time) - micros(lap0[i].flow.time)).toBe(cycle.spanUs);
      expect(r.time).toEqual(r.flow.time);
    });
    expect(new Set([...lap0, ...lap1].map((r) => r.flow.uuid)).size).toBe(600);
    const pairs = new Map<number, number>();
    lap0.forEach((r, i) => {
      const [before, after] = [r.flow.l4?.TCP ?? r.flow.l4?.UDP, lap1[i].flow.l4?.TCP ?? lap1[i].flow.l4?.UDP];
      if (!before) return;
      const client = cycle.flows[i].clientPort;
      const clientKey = before.source_port === client ? 'source_port' : 'destination_port';
      const serverKey = clientKey === 'source_port' ? 'destination_port' : 'source_port';
      expect(after[serverKey]).toBe(before[serverKey]);
      if (client >= 32768) pairs.set(before[clientKey], after[clientKey]);
      else expect(after[clientKey]).toBe(before[clientKey]);
    });
    // One shift per lap: a connection's events keep sharing one client port.
    expect(pairs.size).toBeGreaterThan(10);
    for (const [before, after] of pairs) expect(after).not.toBe(before);
  });

  it('holds only the flows a stream filter keeps, encoded once', () => {
    const predicate = compileFlowFilters([{ verdict: ['AUDIT', 'DROPPED'], event_type: [{ type: 5 }] }]);
    const { pool, lap1 } = laps(predicate);
    expect(pool.count).toBeGreaterThan(0);
    expect(pool.count).toBeLessThan(cycle.flows.length);
    for (const r of lap1) {
      expect([2, 4]).toContain(r.flow.verdict); // DROPPED, AUDIT
      expect(r.flow.event_type.type).toBe(5);
    }
  });

  it('gives a filtered stream the flows the unfiltered streams have been sent, and runs it free without them', () => {
    const predicate = compileFlowFilters([{ verdict: ['AUDIT', 'DROPPED'] }]);
    const clock = { position: 0, unfilteredReaders: 0 };
    const all = new PoolCursor(encodeFlowPool(cycle, serialize), 0, clock);
    const filtered = new PoolCursor(encodeFlowPool(cycle, serialize, predicate), 0, clock, true);
    const fill = (cursor: PoolCursor, bytes: number) => {
      const chunk = Buffer.alloc(bytes);
      return decodeFrames(chunk.subarray(0, cursor.fill(chunk).bytes));
    };
    expect(fill(filtered, 65_536)).toEqual([]);
    const sent = [...fill(all, 300_000), ...fill(all, 300_000)];
    expect(sent.length).toBeGreaterThan(300); // into the second lap
    const expected = sent.filter((r) => [2, 4].includes(r.flow.verdict));
    expect(fill(filtered, 1 << 20)).toEqual(expected);
    expect(fill(filtered, 1 << 20)).toEqual([]);
    all.close();
    expect(fill(filtered, 65_536).length).toBeGreaterThan(0);
  });

  it('fills nothing from a filter that keeps no flow', () => {
    const pool = encodeFlowPool(cycle, serialize, () => false);
    expect(new PoolCursor(pool, 0).fill(Buffer.alloc(4096))).toEqual({ bytes: 0, frames: 0 });
  });
});
