import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import { FlowStreamWriter, type FlowStreamWriterOptions } from './flow-stream-writer';
import type { RelayFlowEvent } from './relay-event';

/** A stand-in for a grpc-js server stream whose buffer fills after `accept` writes. */
class FakeCall extends EventEmitter {
  written: unknown[] = [];
  accept = Infinity;
  ended = false;
  write(chunk: unknown): boolean {
    this.written.push(chunk);
    return this.written.length < this.accept;
  }
  end(): void {
    this.ended = true;
  }
  drain(): void {
    this.accept = Infinity;
    this.emit('drain');
  }
}

function event(seq: number, nodeName = 'homelab/node-1'): RelayFlowEvent {
  return {
    seq, timeUs: 1_000_000 + seq, nodeName, namespaces: ['blog'], clusterName: 'homelab',
    flow: () => ({ uuid: `u${seq}` }), response: () => ({ flow: { uuid: `u${seq}` } }), encode: () => Buffer.from(`flow-${seq}`),
  };
}

function writer(call: FakeCall, options: Partial<FlowStreamWriterOptions> = {}, backlog: RelayFlowEvent[] = []) {
  return new FlowStreamWriter({ call: call as unknown as grpc.ServerWritableStream<unknown, unknown>, predicate: () => true, capacity: 10, endAfterBacklog: false, now: () => 5_000, ...options }, backlog);
}

const texts = (call: FakeCall) => call.written.map((c) => (Buffer.isBuffer(c) ? c.toString() : c));

describe('FlowStreamWriter', () => {
  it('writes control messages first, then the backlog, then live flows', () => {
    const call = new FakeCall();
    const w = writer(call, {}, [event(1), event(2)]);
    w.control({ node_status: { state_change: 'NODE_CONNECTED', node_names: ['homelab/node-1'] } });
    w.onFlow(event(3));
    expect(texts(call)).toEqual([{ node_status: { state_change: 'NODE_CONNECTED', node_names: ['homelab/node-1'] } }, 'flow-1', 'flow-2', 'flow-3']);
    expect(w.sent).toBe(3);
  });

  it('ends a non-follow stream once the backlog is written, respecting backpressure', () => {
    const call = new FakeCall();
    call.accept = 2;
    const w = writer(call, { endAfterBacklog: true }, [event(1), event(2), event(3)]);
    w.flush();
    expect(texts(call)).toEqual(['flow-1', 'flow-2']);
    expect(call.ended).toBe(false);
    call.drain();
    expect(texts(call)).toEqual(['flow-1', 'flow-2', 'flow-3']);
    expect(call.ended).toBe(true);
  });

  it('drops the oldest flows of a slow client and reports them as HUBBLE_RING_BUFFER lost events', () => {
    const call = new FakeCall();
    call.accept = 3;
    const w = writer(call);
    for (let i = 1; i <= 103; i++) w.onFlow(event(i, i % 2 ? 'homelab/node-1' : 'homelab/node-2'));
    expect(call.written).toHaveLength(3);
    expect(w.dropped).toBe(90);
    call.drain();
    expect(call.written[3]).toEqual({ lost_events: { source: 'HUBBLE_RING_BUFFER', num_events_lost: 90 }, node_name: 'homelab/node-2', time: { seconds: 5, nanos: 0 } });
    expect(texts(call).slice(4)).toEqual(Array.from({ length: 10 }, (_, i) => `flow-${94 + i}`));
  });

  it('stops a lost node, reports NODE_ERROR, and resumes with NODE_CONNECTED and the node backlog', () => {
    const call = new FakeCall();
    const w = writer(call, { backlogFor: (node) => [event(50, node)] });
    w.onNodeDown('homelab/node-2');
    w.onFlow(event(1, 'homelab/node-2'));
    w.onFlow(event(2, 'homelab/node-1'));
    w.onNodeUp('homelab/node-2');
    w.onFlow(event(3, 'homelab/node-2'));
    expect(texts(call)).toEqual([
      { node_status: { state_change: 'NODE_ERROR', node_names: ['homelab/node-2'], message: 'rpc error: code = Unavailable desc = connection to homelab/node-2 lost' }, time: { seconds: 5, nanos: 0 } },
      'flow-2',
      { node_status: { state_change: 'NODE_CONNECTED', node_names: ['homelab/node-2'] }, time: { seconds: 5, nanos: 0 } },
      'flow-50',
      'flow-3',
    ]);
  });

  it('applies the filter, honours `until` and stops after cancellation', () => {
    const call = new FakeCall();
    const w = writer(call, { predicate: (f) => f.uuid !== 'u2', untilUs: 1_000_004 });
    for (let i = 1; i <= 6; i++) w.onFlow(event(i));
    expect(texts(call)).toEqual(['flow-1', 'flow-3', 'flow-4']);
    expect(call.ended).toBe(true);
    const other = new FakeCall();
    const w2 = writer(other);
    other.emit('cancelled');
    w2.onFlow(event(1));
    expect(other.written).toEqual([]);
    expect(w2.isClosed).toBe(true);
  });

  it('writes the first message through grpc-js, then many per write on its HTTP/2 stream, in order', () => {
    const h2 = Object.assign(new EventEmitter(), { writes: [] as Buffer[], respond: () => undefined, write(chunk: Buffer) { this.writes.push(chunk); return this.writes.length < 2; } });
    const call = Object.assign(new FakeCall(), { call: { stream: h2 } });
    const serialize = (value: object) => Buffer.from(JSON.stringify(value));
    const w = writer(call, { serialize, capacity: 100 }, [event(1), event(2), event(3)]);
    w.control({ node_status: { state_change: 'NODE_CONNECTED' } });
    expect(call.written).toEqual([{ node_status: { state_change: 'NODE_CONNECTED' } }]);
    expect(h2.writes.map(unframe)).toEqual([['flow-1', 'flow-2', 'flow-3']]);
    w.onFlow(event(4));
    for (let i = 5; i <= 7; i++) w.onFlow(event(i));
    expect(h2.writes.map(unframe)).toEqual([['flow-1', 'flow-2', 'flow-3'], ['flow-4']]);
    h2.emit('drain');
    expect(h2.writes.map(unframe).flat()).toEqual(Array.from({ length: 7 }, (_, i) => `flow-${i + 1}`));
    expect(w.sent).toBe(7);
  });
});

/** Splits gRPC length-prefixed frames back into message texts. */
function unframe(data: Buffer): string[] {
  const out: string[] = [];
  for (let o = 0; o < data.length; o += 5 + data.readUInt32BE(o + 1)) out.push(data.subarray(o + 5, o + 5 + data.readUInt32BE(o + 1)).toString());
  return out;
}
