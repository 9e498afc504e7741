/**
 * The de-duplication memory for flow uuids that a relay re-sends after a reconnect (its `since` backlog overlaps
 * what we already have): the last `capacity` ids, first-in-first-out.
 *
 * Usage contract: call {@link RecentIds.openWindow} when a stream resumes; {@link RecentIds.add} then checks ids
 * against the remembered ones until `capacity` new ids have come after the resume, exactly as a set of the last
 * `capacity` ids checked on every add would (by then every id from before the resume is forgotten anyway). Outside
 * such a window `add` only remembers: one follow stream never sends a uuid twice, so hashing every id of a busy
 * stream (tens of thousands a second) would buy nothing. With `checks: 'every-add'` every id is checked, as the
 * capture import needs (the same file uploaded twice, or a file that repeats lines, must add nothing).
 */
/** Options of {@link RecentIds}. */
export interface RecentIdsOptions {
  /** When ids are checked: only in a window after {@link RecentIds.openWindow}, or on every add. Default: 'after-resume'. */
  checks?: 'after-resume' | 'every-add';
}

export class RecentIds {
  private readonly order: string[];
  private next = 0;
  private count = 0;
  /** The remembered ids as a set, only while a window is open. */
  private ids: Set<string> | undefined;
  /** New ids still to be checked before the window closes. */
  private checksLeft = 0;
  /** `checks: 'every-add'`: the set is kept for good and no window ever closes. */
  private readonly everyAdd: boolean;

  /** @param capacity how many ids are remembered. Default: 65536. */
  constructor(private readonly capacity = 65_536, options: RecentIdsOptions = {}) {
    this.order = new Array<string>(capacity);
    this.everyAdd = options.checks === 'every-add';
    if (this.everyAdd) this.ids = new Set();
  }

  /**
   * Starts (or restarts) a window in which ids are checked against the remembered ones. Nothing happens while
   * nothing is remembered (a first connection cannot repeat anything).
   */
  openWindow(): void {
    if (this.count === 0 || this.everyAdd) return;
    this.checksLeft = this.capacity;
    if (this.ids) return;
    this.ids = new Set();
    for (let i = 0; i < this.count; i++) this.ids.add(this.order[i]);
  }

  /** True while ids are checked (after {@link openWindow}, until `capacity` new ids have come). */
  get checking(): boolean {
    return this.ids !== undefined;
  }

  /** Records `id`; returns false when a window is open and `id` was remembered (a duplicate). */
  add(id: string): boolean {
    const ids = this.ids;
    if (ids !== undefined && ids.has(id)) return false;
    const evicted = this.order[this.next];
    if (ids !== undefined && evicted !== undefined) ids.delete(evicted);
    this.order[this.next] = id;
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1;
    if (this.count < this.capacity) this.count += 1;
    if (ids !== undefined) {
      ids.add(id);
      if (!this.everyAdd && --this.checksLeft === 0) this.ids = undefined;
    }
    return true;
  }

  /** True when `id` is among the remembered ids (a scan outside a window: for tests and diagnostics). */
  has(id: string): boolean {
    if (this.ids) return this.ids.has(id);
    for (let i = 0; i < this.count; i++) if (this.order[i] === id) return true;
    return false;
  }

  /** How many ids are remembered. */
  get size(): number {
    return this.count;
  }
}
