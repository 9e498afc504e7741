/**
 * A fixed-capacity ring of items that overwrites the oldest, with a running sequence number per item so that a
 * reader can ask "everything after sequence N" (SSE Last-Event-ID resume) and learn how many it missed.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private written = 0;

  /** @param capacity the number of items kept. */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`RingBuffer capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  /** Appends an item and returns its sequence number (1-based, increasing). */
  push(item: T): number {
    this.items[this.written % this.capacity] = item;
    this.written += 1;
    return this.written;
  }

  /** Number of items pushed since creation (the sequence number of the newest). */
  get lastSeq(): number {
    return this.written;
  }

  get size(): number {
    return Math.min(this.written, this.capacity);
  }

  /** Items with a sequence number greater than `seq`, oldest first, and how many of those were already overwritten. */
  since(seq: number): { items: T[]; missed: number; firstSeq: number } {
    const oldest = Math.max(0, this.written - this.capacity);
    const from = Math.max(seq, oldest);
    const items: T[] = [];
    for (let s = from; s < this.written; s++) items.push(this.items[s % this.capacity] as T);
    return { items, missed: Math.max(0, oldest - seq), firstSeq: from + 1 };
  }

  /** The newest `n` items, oldest first. */
  latest(n: number): T[] {
    return this.since(Math.max(0, this.written - n)).items;
  }
}
