/**
 * A bounded set of recently seen ids with first-in-first-out eviction: the de-duplication memory for flow uuids
 * that a relay re-sends after a reconnect (its `since` backlog overlaps what we already have).
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  private readonly order: string[];
  private next = 0;

  /** @param capacity how many ids are remembered. Default: 65536. */
  constructor(private readonly capacity = 65_536) {
    this.order = new Array<string>(capacity);
  }

  /** Records `id`; returns false when it was already there (a duplicate). */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    const evicted = this.order[this.next];
    if (evicted !== undefined) this.ids.delete(evicted);
    this.order[this.next] = id;
    this.next = (this.next + 1) % this.capacity;
    this.ids.add(id);
    return true;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  get size(): number {
    return this.ids.size;
  }
}
