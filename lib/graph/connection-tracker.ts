import type { Endpoint, Flow } from '../flow/flow';

/** Options of {@link ConnectionTracker}. */
export interface ConnectionTrackerOptions {
  /**
   * How long (ms of flow time) after its latest event a connection is still recognised. Events of one connection
   * closer than this are merged; an entry is forgotten between one and two windows after its latest event.
   * Default: 30000 (covers the relay's ~1 s sort buffer, node clock skew and SYN retransmits of a dropped connection).
   */
  windowMs?: number;
  /** Entries per generation before an early rotation, so memory stays bounded under churn. Default: 200000. */
  maxEntries?: number;
  /**
   * Allocate both generations at their full size up front, for a long-running server: its memory is then fixed
   * from the start instead of growing as connections come. Default: false (tables start small and double).
   */
  preallocate?: boolean;
}

/**
 * A connection's 5-tuple as a 64-bit fingerprint (two 32-bit hashes of protocol, source address and port,
 * destination address and port), so that the tracker keeps no string per connection. Two different tuples share
 * a fingerprint with probability 2^-63 per pair: among the 400,000 connections a full tracker holds, a new
 * connection is mistaken for a remembered one about once in 10^13 lookups.
 */
export interface ConnectionKey {
  /** First hash; its low bits choose the table slot. */
  readonly a: number;
  /** Second hash, always odd (0 marks a free slot). */
  readonly b: number;
}

// Field tags, outside the UTF-16 range, so that the sequence hashed identifies the tuple.
const TAG_PROTOCOL = 0x10001;
const TAG_ADDRESS = 0x10002;
const TAG_NAMESPACE = 0x10003;
const TAG_POD = 0x10004;
// Ports, ICMP types and identity halves are mixed as units of their own ranges, above the tags.
const PORT = 0x100000;
const IDENTITY_LOW = 0x200000;
const IDENTITY_HIGH = 0x300000;

// Two independent running hashes (FNV-1a-like and murmur-like steps), kept in module state so that keying a flow
// allocates nothing but its result.
let ha = 0;
let hb = 0;

function mix(unit: number): void {
  ha = Math.imul(ha ^ unit, 0x01000193);
  hb = Math.imul(hb ^ unit, 0x5bd1e995);
  hb ^= hb >>> 15;
}

function mixString(text: string, tag: number): void {
  for (let i = 0; i < text.length; i++) mix(text.charCodeAt(i));
  mix(tag);
}

function mixEndpoint(address: string, endpoint: Endpoint): void {
  // A flow without IPs (field-masked export) falls back to namespace/pod name, else the security identity.
  if (address) mixString(address, TAG_ADDRESS);
  else if (endpoint.podName) {
    mixString(endpoint.namespace, TAG_NAMESPACE);
    mixString(endpoint.podName, TAG_POD);
  } else {
    mix(IDENTITY_LOW + (endpoint.identity & 0xffff));
    mix(IDENTITY_HIGH + (endpoint.identity >>> 16));
  }
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function keyOf(flow: Flow, reverse: boolean): ConnectionKey {
  ha = 0x811c9dc5;
  hb = 0x9747b28c;
  const l4 = flow.l4;
  mixString(l4 === undefined ? '?' : l4.protocol, TAG_PROTOCOL);
  const first = reverse ? flow.destination : flow.source;
  const second = reverse ? flow.source : flow.destination;
  mixEndpoint(reverse ? flow.ip.destination : flow.ip.source, first);
  if (l4 !== undefined && 'sourcePort' in l4) mix(PORT + (reverse ? l4.destinationPort : l4.sourcePort));
  mixEndpoint(reverse ? flow.ip.source : flow.ip.destination, second);
  if (l4 !== undefined && 'sourcePort' in l4) mix(PORT + (reverse ? l4.sourcePort : l4.destinationPort));
  // ICMP has no ports (and the model keeps no echo id); its type stands in for them, so pings between the same
  // two addresses within the window count as one connection.
  else if (l4 !== undefined) mix(PORT + l4.type);
  return { a: fmix(ha), b: fmix(hb) | 1 };
}

/** The connection key of a flow: protocol, source address and port, destination address and port. */
export function connectionKeyOf(flow: Flow): ConnectionKey {
  return keyOf(flow, false);
}

/** The key the reply direction of `flow` would have (source and destination swapped). */
export function reverseConnectionKeyOf(flow: Flow): ConnectionKey {
  return keyOf(flow, true);
}

/** One generation: an open-addressing table (linear probing) in typed arrays, grown by doubling up to its cap. */
interface Generation<T> {
  mask: number;
  size: number;
  a: Int32Array;
  /** 0 = free slot. */
  b: Int32Array;
  edge: (T | undefined)[];
  verdict: Uint8Array;
  /** Bit 0: decided by a policy verdict; bits 1-2: policy directions already reported. */
  flags: Uint8Array;
  countedAt: Float64Array;
  lastTime: Float64Array;
}

function createGeneration<T>(capacity: number): Generation<T> {
  return {
    mask: capacity - 1,
    size: 0,
    a: new Int32Array(capacity),
    b: new Int32Array(capacity),
    edge: new Array<T | undefined>(capacity).fill(undefined),
    verdict: new Uint8Array(capacity),
    flags: new Uint8Array(capacity),
    countedAt: new Float64Array(capacity),
    lastTime: new Float64Array(capacity),
  };
}

function findSlot<T>(gen: Generation<T>, key: ConnectionKey): number {
  const mask = gen.mask;
  for (let slot = key.a & mask; ; slot = (slot + 1) & mask) {
    const b = gen.b[slot];
    if (b === 0) return -1 - slot; // free: where it would go
    if (b === key.b && gen.a[slot] === key.a) return slot;
  }
}

const FIRST_CAPACITY = 1024;

/**
 * Recently seen connections keyed by 5-tuple fingerprint, in two generations: lookups hit the current one, then
 * the previous; every `windowMs` of flow time (or `maxEntries` inserts) the current becomes the previous and the
 * oldest is cleared for reuse. No per-entry objects, timers or sweeps: at most two tables of `maxEntries` (about
 * 35 bytes per slot, load ≤ 1/2; 37 MB at the default), grown as connections come.
 *
 * A slot returned by {@link lookup} or {@link remember} is in the current generation and valid until the next
 * `lookup` or `remember` (which may grow or rotate the table).
 */
export class ConnectionTracker<T> {
  readonly windowMs: number;
  readonly maxEntries: number;
  private readonly maxCapacity: number;
  private current: Generation<T>;
  private previous: Generation<T>;
  private rotatedAt = -Infinity;

  constructor(options: ConnectionTrackerOptions = {}) {
    this.windowMs = options.windowMs ?? 30000;
    this.maxEntries = Math.max(1, options.maxEntries ?? 200000);
    let capacity = 2;
    while (capacity < this.maxEntries * 2) capacity *= 2;
    this.maxCapacity = capacity;
    const first = options.preallocate ? capacity : Math.min(FIRST_CAPACITY, capacity);
    this.current = createGeneration(first);
    this.previous = createGeneration(first);
  }

  /** Connections remembered (both generations; a promoted one may be counted twice). */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  /**
   * The slot of the live connection `key` at flow time `time`, or -1. Rotates generations as flow time advances;
   * a connection found in the previous generation moves to the current one, so a busy connection is never
   * forgotten.
   */
  lookup(key: ConnectionKey, time: number): number {
    if (time - this.rotatedAt >= this.windowMs) this.rotate(time);
    let slot = findSlot(this.current, key);
    if (slot < 0) {
      const old = this.previous;
      const from = findSlot(old, key);
      if (from < 0) return -1;
      // The stale copy stays in the previous generation, which is only read after the current one misses.
      slot = this.insert(key, old.edge[from] as T, old.verdict[from], old.flags[from], old.countedAt[from], old.lastTime[from]);
    }
    return time - this.current.lastTime[slot] > this.windowMs ? -1 : slot;
  }

  /** True when `key` is remembered in either generation (no window check, no rotation). */
  has(key: ConnectionKey): boolean {
    return findSlot(this.current, key) >= 0 || findSlot(this.previous, key) >= 0;
  }

  /** Remembers a newly counted connection; returns its slot. */
  remember(key: ConnectionKey, edge: T, verdict: number, fromPolicyVerdict: boolean, directions: number, time: number): number {
    return this.insert(key, edge, verdict, (fromPolicyVerdict ? 1 : 0) | (directions << 1), time, time);
  }

  edge(slot: number): T {
    return this.current.edge[slot] as T;
  }

  verdict(slot: number): number {
    return this.current.verdict[slot];
  }

  setVerdict(slot: number, verdict: number): void {
    this.current.verdict[slot] = verdict;
  }

  fromPolicyVerdict(slot: number): boolean {
    return (this.current.flags[slot] & 1) !== 0;
  }

  /** Policy directions already reported (AUDIT_EGRESS / AUDIT_INGRESS bits). */
  directions(slot: number): number {
    return this.current.flags[slot] >>> 1;
  }

  /** Marks the connection as decided by a policy verdict in `direction` (a direction bit, or 0). */
  addPolicyVerdict(slot: number, direction: number): void {
    this.current.flags[slot] |= 1 | (direction << 1);
  }

  /** Flow time the connection was counted at (its time bucket). */
  countedAt(slot: number): number {
    return this.current.countedAt[slot];
  }

  /** Flow time of its latest event. */
  lastTime(slot: number): number {
    return this.current.lastTime[slot];
  }

  /** Moves its latest event time forward to `time` (never back). */
  touch(slot: number, time: number): void {
    if (time > this.current.lastTime[slot]) this.current.lastTime[slot] = time;
  }

  private insert(key: ConnectionKey, edge: T, verdict: number, flags: number, countedAt: number, lastTime: number): number {
    if (this.current.size >= this.maxEntries) this.rotate(Math.max(this.rotatedAt, lastTime));
    let gen = this.current;
    if ((gen.size + 1) * 2 > gen.mask + 1 && gen.mask + 1 < this.maxCapacity) gen = this.current = grow(gen);
    let slot = findSlot(gen, key);
    if (slot < 0) {
      // A new slot; a found one is a new connection reusing a remembered 5-tuple, which replaces it.
      slot = -1 - slot;
      gen.a[slot] = key.a;
      gen.b[slot] = key.b;
      gen.size++;
    }
    gen.edge[slot] = edge;
    gen.verdict[slot] = verdict;
    gen.flags[slot] = flags;
    gen.countedAt[slot] = countedAt;
    gen.lastTime[slot] = lastTime;
    return slot;
  }

  private rotate(time: number): void {
    // The oldest generation's tables are cleared and reused: rotating allocates nothing.
    const reused = this.previous;
    this.previous = this.current;
    reused.b.fill(0);
    reused.edge.fill(undefined);
    reused.size = 0;
    this.current = reused;
    this.rotatedAt = time;
  }
}

function grow<T>(gen: Generation<T>): Generation<T> {
  const next = createGeneration<T>((gen.mask + 1) * 2);
  for (let from = 0; from <= gen.mask; from++) {
    if (gen.b[from] === 0) continue;
    const slot = -1 - findSlot(next, { a: gen.a[from], b: gen.b[from] });
    next.a[slot] = gen.a[from];
    next.b[slot] = gen.b[from];
    next.edge[slot] = gen.edge[from];
    next.verdict[slot] = gen.verdict[from];
    next.flags[slot] = gen.flags[from];
    next.countedAt[slot] = gen.countedAt[from];
    next.lastTime[slot] = gen.lastTime[from];
  }
  next.size = gen.size;
  return next;
}
