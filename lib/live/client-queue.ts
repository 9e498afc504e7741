/**
 * A bounded queue for one live client. When the client falls behind, the oldest items are dropped and counted,
 * so a slow browser costs the server at most `capacity` items, never unbounded memory.
 */
export class ClientQueue<T> {
  private items: T[] = [];
  private head = 0;
  /** Items dropped since the last {@link drain}. */
  skipped = 0;
  /** Items dropped over the queue's life. */
  skippedTotal = 0;

  /** @param capacity the most items held. Default: 1000. */
  constructor(readonly capacity = 1000) {}

  push(item: T): void {
    this.items.push(item);
    if (this.items.length - this.head > this.capacity) {
      this.head += 1;
      this.skipped += 1;
      this.skippedTotal += 1;
    }
    // Compact now and then so the backing array does not grow without bound.
    if (this.head > this.capacity) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  get length(): number {
    return this.items.length - this.head;
  }

  /** Takes everything queued and the number skipped since the previous drain. */
  drain(): { items: T[]; skipped: number } {
    const items = this.head === 0 ? this.items : this.items.slice(this.head);
    const skipped = this.skipped;
    this.items = [];
    this.head = 0;
    this.skipped = 0;
    return { items, skipped };
  }
}
