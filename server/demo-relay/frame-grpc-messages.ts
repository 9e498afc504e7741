/**
 * Length-prefixed gRPC messages (a flag byte, 0 = not compressed, and a big-endian uint32 length before each),
 * concatenated: what grpc-js would write for them one by one, as one buffer for one HTTP/2 write.
 */
export function frameGrpcMessages(messages: readonly Buffer[]): Buffer {
  let length = 0;
  for (const m of messages) length += 5 + m.length;
  const out = Buffer.allocUnsafe(length);
  let o = 0;
  for (const m of messages) {
    out[o] = 0;
    out.writeUInt32BE(m.length, o + 1);
    m.copy(out, o + 5);
    o += 5 + m.length;
  }
  return out;
}
