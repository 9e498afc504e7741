/**
 * Walks two lists sorted by id side by side (a merge join): `removed` for an id only in `prev`, `added` for one
 * only in `next`, `both` for one in each. The graph's snapshot diff and the live map feed's delta both walk so.
 */
export function joinById<T extends { id: string }>(
  prev: readonly T[],
  next: readonly T[],
  visit: { removed(a: T): void; added(b: T): void; both(a: T, b: T): void },
): void {
  let i = 0;
  let j = 0;
  while (i < prev.length || j < next.length) {
    const a = prev[i];
    const b = next[j];
    if (b === undefined || (a !== undefined && a.id < b.id)) {
      visit.removed(a);
      i++;
    } else if (a === undefined || b.id < a.id) {
      visit.added(b);
      j++;
    } else {
      visit.both(a, b);
      i++;
      j++;
    }
  }
}
