import { describe, expect, it } from 'vitest';
import { observerServiceDefinition } from '../hubble/proto';
import { createHomelabGenerator } from './homelab-generator';
import { maxEncodedLength, encodeGetFlowsResponse, toGetFlowsResponse, writeGetFlowsResponse, type ResponseSerializer } from './flow-template';

const definition = observerServiceDefinition();
const serialize = definition.GetFlows.responseSerialize as ResponseSerializer;
const deserialize = definition.GetFlows.responseDeserialize as (b: Buffer) => Record<string, unknown>;

describe('flow templates: fast encoding', () => {
  const flows = createHomelabGenerator({ seed: 5, startTimeMs: Date.UTC(2026, 10, 1), rate: 200 }).take(6000);

  it('encodes exactly what the protobuf serializer produces from the response object', () => {
    const templates = new Set<string>();
    for (const f of flows) {
      const fast = encodeGetFlowsResponse(f, serialize);
      expect(fast.length).toBeLessThanOrEqual(maxEncodedLength(f, serialize));
      expect(deserialize(fast)).toEqual(deserialize(serialize(toGetFlowsResponse(f))));
      templates.add(f.template.key);
    }
    expect(templates.size).toBeGreaterThan(300);
  });

  it('covers TCP, UDP, ICMP and L7 DNS flows', () => {
    const kinds = new Set(flows.map((f) => `${f.template.l4.protocol}/${(f.template.flow.event_type as { type: number }).type}`));
    expect([...kinds]).toEqual(expect.arrayContaining(['TCP/5', 'TCP/4', 'TCP/1', 'UDP/4', 'UDP/129', 'UDP/5', 'ICMPv4/4']));
  });

  it('writes length-prefixed messages back to back into one buffer', () => {
    const batch = flows.slice(0, 50);
    const out = Buffer.alloc(batch.reduce((a, f) => a + maxEncodedLength(f, serialize) + 5, 0));
    let o = 0;
    for (const f of batch) {
      const end = writeGetFlowsResponse(f, serialize, out, o + 5);
      out.writeUInt32BE(end - o - 5, o + 1);
      o = end;
    }
    let read = 0;
    expect(o).toBeGreaterThan(batch.length * 500);
    for (const f of batch) {
      const len = out.readUInt32BE(read + 1);
      expect(deserialize(out.subarray(read + 5, read + 5 + len))).toEqual(deserialize(serialize(toGetFlowsResponse(f))));
      read += 5 + len;
    }
  });
});
