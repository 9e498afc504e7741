import 'server-only';

/**
 * The protobuf cursor under the relay stream's wire decoder (decode-flow-response.ts): one message region of a
 * buffer read field by field, integers read as protobufjs reads them, and the small readers every message type
 * shares (sub-messages, repeated strings, enums, string pairs). A known field with an unexpected wire type throws
 * {@link UNEXPECTED}, which sends the whole response to protobufjs and the translator.
 */

// Buffer's own string slicers (what protobufjs's BufferReader uses): no argument checks on the hot path.
export const { utf8Slice, latin1Slice } = Buffer.prototype as unknown as Record<'utf8Slice' | 'latin1Slice', (this: Buffer, start: number, end: number) => string>;

/** Longest string kept in {@link STRINGS}: addresses, node names, summaries, DNS names; not free text. */
const INTERN_MAX_BYTES = 64;
/** Slots of {@link STRINGS} (a power of two). */
const INTERN_SLOTS = 4096;
/**
 * Recently read short ASCII strings, direct-mapped by a hash of their bytes (a slot holds the last string that
 * hashed there): the same addresses, node names and summaries come in flow after flow, and a hit costs a loop over
 * a few bytes where a new string costs a native call, the string, and the garbage collector's time when the flow
 * is dropped. Bounded: at most {@link INTERN_SLOTS} strings of ≤ {@link INTERN_MAX_BYTES} characters.
 */
const STRINGS = new Array<string | undefined>(INTERN_SLOTS).fill(undefined);

/** Thrown when the slow path must decide; caught by decodeFlowResponse, never escapes the decoder. */
export const UNEXPECTED = new Error('unexpected wire shape');

/** Reads one protobuf message region `[pos, end)` of `buf`; integers read as protobufjs reads them. */
export class Wire {
  pos: number;
  /** High 32 bits of the last varint. */
  private hi = 0;
  constructor(readonly buf: Buffer, start: number, public end: number) {
    this.pos = start;
  }

  /** Reads a varint; returns its low 32 bits (unsigned) and keeps the high ones in `hi`. */
  varint(): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = buf[pos++];
    this.hi = 0;
    if (b < 0x80) {
      this.pos = pos;
      return b;
    }
    let lo = b & 0x7f;
    for (let shift = 7; shift < 28; shift += 7) {
      b = buf[pos++];
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) return this.done(pos, lo);
    }
    b = buf[pos++];
    lo |= (b & 0x0f) << 28;
    let hi = (b & 0x7f) >> 4;
    for (let shift = 3; b >= 0x80; shift += 7) {
      if (shift > 31) throw new RangeError('invalid varint encoding');
      b = buf[pos++];
      hi |= (b & 0x7f) << shift;
    }
    this.hi = hi;
    return this.done(pos, lo);
  }

  private done(pos: number, lo: number): number {
    if (pos > this.end) throw new RangeError('index out of range');
    this.pos = pos;
    return lo >>> 0;
  }

  uint32(): number {
    return this.varint();
  }

  int32(): number {
    return this.varint() | 0;
  }

  bool(): boolean {
    return this.varint() !== 0;
  }

  uint64(): number {
    const lo = this.varint();
    return (this.hi >>> 0) * 4294967296 + lo;
  }

  /** As Long#toNumber for a signed 64-bit value. */
  int64(): number {
    const lo = this.varint();
    return (this.hi | 0) * 4294967296 + lo;
  }

  /** The end of a length-delimited field whose length comes next. */
  delimited(): number {
    const length = this.varint();
    const end = this.pos + length;
    if (end > this.end) throw new RangeError('index out of range');
    return end;
  }

  /** A string field; short ASCII ones come from the recent-strings cache (see {@link STRINGS}). */
  string(): string {
    const end = this.delimited();
    const buf = this.buf;
    const start = this.pos;
    this.pos = end;
    const length = end - start;
    if (length === 0) return '';
    if (length > INTERN_MAX_BYTES) return utf8Slice.call(buf, start, end);
    // The slot from the length, the first byte and the last few (where addresses and names differ); a hit is
    // confirmed character by character, and only ASCII strings are ever cached, so a match is the string.
    let hash = Math.imul(length ^ buf[start], 0x01000193);
    for (let i = end - 1, stop = Math.max(start, end - 6); i >= stop; i--) hash = Math.imul(hash ^ buf[i], 0x01000193);
    const slot = (hash ^ (hash >>> 15)) & (INTERN_SLOTS - 1);
    const cached = STRINGS[slot];
    if (cached !== undefined && cached.length === length) {
      let i = 0;
      while (i < length && cached.charCodeAt(i) === buf[start + i]) i++;
      if (i === length) return cached;
    }
    for (let i = start; i < end; i++) if (buf[i] >= 0x80) return utf8Slice.call(buf, start, end);
    const s = latin1Slice.call(buf, start, end);
    STRINGS[slot] = s;
    return s;
  }

  /** A string field that is different in every flow (the uuid): not worth a look in the cache. */
  uniqueString(): string {
    const end = this.delimited();
    const s = utf8Slice.call(this.buf, this.pos, end);
    this.pos = end;
    return s;
  }

  /** Skips a field of `wireType`; groups (3, 4) go to the slow path. */
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.pos = this.delimited();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 5) this.pos += 4;
    else throw UNEXPECTED;
    if (this.pos > this.end) throw new RangeError('index out of range');
  }
}

/** Checks a known field's wire type; a mismatch goes to the slow path (protobufjs decides what it means). */
export function want(wireType: number, wanted: number): void {
  if (wireType !== wanted) throw UNEXPECTED;
}

export const EMPTY_STRINGS: string[] = Object.freeze([]) as unknown as string[];

/** Repeated string fields: appended per occurrence; absent ones are a shared frozen empty list (as protobufjs). */
export function push(list: string[], value: string): string[] {
  if (list === EMPTY_STRINGS) return [value];
  list.push(value);
  return list;
}

export function enumOf<T extends string>(n: number, names: readonly T[]): T {
  return names[n] ?? names[0];
}

/** Runs `read` over the sub-message that starts here (length-delimited), then continues after it. */
export function sub<T>(w: Wire, read: (w: Wire) => T): T {
  const end = w.delimited();
  const outer = w.end;
  w.end = end;
  const value = read(w);
  if (w.pos !== end) throw new RangeError('index out of range');
  w.end = outer;
  return value;
}

/** Skips an unknown field; a known field (`known`) with an unexpected wire type goes to the slow path. */
export function skipOther(w: Wire, tag: number, ...known: number[]): void {
  if (known.includes(tag >>> 3)) throw UNEXPECTED;
  w.skip(tag & 7);
}

/** Two string fields 1 and 2 (Service: name, namespace; Emitter: name, version; Workload: name, kind). */
export function readPair(w: Wire): [string, string] {
  let a = '';
  let b = '';
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x0a) a = w.string();
    else if (tag === 0x12) b = w.string();
    else skipOther(w, tag, 1, 2);
  }
  return [a, b];
}
