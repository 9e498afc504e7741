/**
 * Fixed-width (non-minimal but valid) protobuf varints: the demo relay encodes fields it patches per play as
 * varints of a set width, so writing a new value never moves a byte of the message around it.
 */

/** A varint below 2^21 in exactly 3 bytes. */
export function fixed3(v: number): number[] {
  return [(v & 0x7f) | 0x80, ((v >>> 7) & 0x7f) | 0x80, v >>> 14];
}

/** Writes a varint below 2^21 in exactly 3 bytes at `o`. */
export function writeFixed3(out: Buffer, o: number, v: number): void {
  out[o] = (v & 0x7f) | 0x80;
  out[o + 1] = ((v >>> 7) & 0x7f) | 0x80;
  out[o + 2] = v >>> 14;
}

/** Writes a varint below 2^35 in exactly 5 bytes at `o`. */
export function writeFixed5(out: Buffer, o: number, v: number): void {
  out[o] = (v & 0x7f) | 0x80;
  out[o + 1] = ((v >>> 7) & 0x7f) | 0x80;
  out[o + 2] = ((v >>> 14) & 0x7f) | 0x80;
  out[o + 3] = ((v >>> 21) & 0x7f) | 0x80;
  out[o + 4] = Math.floor(v / 268_435_456);
}
