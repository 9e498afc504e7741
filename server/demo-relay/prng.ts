/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) so that the demo relay's output is a pure function of
 * its seed. Math.random is never used by the generator.
 */
export interface Prng {
  /** A uniform 32-bit unsigned integer. */
  u32(): number;
  /** A uniform float in [0, 1). */
  float(): number;
  /** A uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** An exponentially distributed float with mean 1 (for Poisson inter-arrival gaps). */
  exp(): number;
  /** A random (version 4, RFC 4122 variant) UUID. */
  uuid(): string;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Creates a PRNG from a numeric seed. The same seed always yields the same sequence. */
export function createPrng(seed: number): Prng {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) u32();
  const float = (): number => u32() / 4294967296;
  return {
    u32,
    float,
    int: (min, max) => min + Math.floor(float() * (max - min + 1)),
    pick: (items) => items[Math.floor(float() * items.length)],
    exp: () => -Math.log(1 - float()),
    uuid: () => uuidFromWords(u32(), u32(), u32(), u32()),
  };
}

/** Formats four 32-bit words as a version 4 UUID (sets the version and variant bits). */
export function uuidFromWords(w0: number, w1: number, w2: number, w3: number): string {
  const v1 = ((w1 & 0xffff0fff) | 0x00004000) >>> 0;
  const v2 = ((w2 & 0x3fffffff) | 0x80000000) >>> 0;
  return (
    hex32(w0) + '-' + HEX[(v1 >>> 24) & 255] + HEX[(v1 >>> 16) & 255] + '-' + HEX[(v1 >>> 8) & 255] + HEX[v1 & 255] + '-' +
    HEX[(v2 >>> 24) & 255] + HEX[(v2 >>> 16) & 255] + '-' + HEX[(v2 >>> 8) & 255] + HEX[v2 & 255] + hex32(w3)
  );
}

function hex32(w: number): string {
  return HEX[(w >>> 24) & 255] + HEX[(w >>> 16) & 255] + HEX[(w >>> 8) & 255] + HEX[w & 255];
}

/** FNV-1a hash of a string: stable pseudo-random numbers for names, IPs and identities in the scenario. */
export function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}
