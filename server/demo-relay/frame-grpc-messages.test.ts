import { describe, expect, it } from 'vitest';
import { frameGrpcMessages } from './frame-grpc-messages';

/** Splits gRPC framing back into messages (what a client's decoder does). */
function unframe(data: Buffer): string[] {
  const out: string[] = [];
  for (let o = 0; o < data.length; ) {
    expect(data[o]).toBe(0);
    const length = data.readUInt32BE(o + 1);
    out.push(data.subarray(o + 5, o + 5 + length).toString());
    o += 5 + length;
  }
  return out;
}

describe('frameGrpcMessages', () => {
  it('frames each message with an uncompressed flag and its length, in order, empty ones included', () => {
    const messages = ['first', '', 'x'.repeat(70_000)];
    expect(unframe(frameGrpcMessages(messages.map((m) => Buffer.from(m))))).toEqual(messages);
  });
});
