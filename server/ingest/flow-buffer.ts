import 'server-only';
import type { Flow } from '@/lib/flow/flow';

/**
 * The ingest buffer between the relay stream and the database: first in, first out, with a hard capacity.
 * When the database is slower than the stream, flows beyond the capacity are refused and counted (`dropped`)
 * instead of growing memory without bound.
 */
export class FlowBuffer {
  private items: Flow[] = [];
  /** Flows refused since creation because the buffer was full. */
  dropped = 0;

  /** @param capacity the most flows held. */
  constructor(readonly capacity: number) {}

  get length(): number {
    return this.items.length;
  }

  /** Appends a flow; false (and counted in `dropped`) when the buffer is full. */
  push(flow: Flow): boolean {
    if (this.items.length >= this.capacity) {
      this.dropped += 1;
      return false;
    }
    this.items.push(flow);
    return true;
  }

  /** Removes and returns up to `max` of the oldest flows. */
  take(max: number): Flow[] {
    if (this.items.length <= max) {
      const all = this.items;
      this.items = [];
      return all;
    }
    return this.items.splice(0, max);
  }

  /**
   * Puts flows taken by a failed batch back in front (they are older than anything buffered since). What no
   * longer fits is dropped from the newest end and counted. Returns how many were dropped.
   */
  putBack(flows: readonly Flow[]): number {
    const merged = [...flows, ...this.items];
    const overflow = Math.max(0, merged.length - this.capacity);
    this.items = overflow > 0 ? merged.slice(0, this.capacity) : merged;
    this.dropped += overflow;
    return overflow;
  }
}
