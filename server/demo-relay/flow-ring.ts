/**
 * A node's flow ring: fixed capacity, overwriting its oldest entry, like Hubble's per-node flow buffer
 * (pkg/hubble/container/ring.go, default capacity 4095).
 */
export class FlowRing<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;
  /** Entries ever written (including overwritten ones). */
  written = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`ring capacity must be a positive integer, got ${capacity}`);
    this.items = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends an entry; returns the overwritten oldest entry when the ring was full. */
  push(item: T): T | undefined {
    this.written++;
    if (this.count < this.capacity) {
      this.items[(this.start + this.count++) % this.capacity] = item;
      return undefined;
    }
    const evicted = this.items[this.start];
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    return evicted;
  }

  /** Removes and returns the oldest entry. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.start];
    this.items[this.start] = undefined;
    this.start = (this.start + 1) % this.capacity;
    this.count--;
    return item;
  }

  /** The entry at position `index` (0 = oldest). */
  at(index: number): T | undefined {
    return index >= 0 && index < this.count ? this.items[(this.start + index) % this.capacity] : undefined;
  }

  /** Entries oldest first. */
  toArray(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.start + i) % this.capacity] as T;
    return out;
  }
}
