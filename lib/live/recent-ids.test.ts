import { describe, expect, it } from 'vitest';
import { RecentIds } from './recent-ids';
import { RingBuffer } from './ring-buffer';

describe('RecentIds', () => {
  it('reports an id re-sent after a resume as a duplicate', () => {
    const ids = new RecentIds(4);
    expect(ids.add('a')).toBe(true);
    ids.openWindow();
    expect(ids.add('a')).toBe(false);
    expect(ids.add('b')).toBe(true);
    expect(ids.add('b')).toBe(false);
  });

  it('forgets the oldest ids beyond its capacity, so memory stays bounded', () => {
    const ids = new RecentIds(3);
    for (const id of ['a', 'b', 'c', 'd']) ids.add(id);
    expect(ids.size).toBe(3);
    expect(ids.has('a')).toBe(false);
    expect(ids.has('d')).toBe(true);
    ids.openWindow();
    expect(ids.add('a')).toBe(true);
    expect(ids.add('c')).toBe(false);
  });

  it('checks ids after a resume until `capacity` new ones came, as a set of the last `capacity` ids would', () => {
    const capacity = 5;
    const ids = new RecentIds(capacity);
    const reference: string[] = [];
    const referenceAdd = (id: string) => {
      if (reference.includes(id)) return false;
      reference.push(id);
      if (reference.length > capacity) reference.shift();
      return true;
    };
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) expect(ids.add(id)).toBe(referenceAdd(id));
    ids.openWindow();
    // The replay overlaps (d, e, f), new ids come in between, and 'd' comes back after it was forgotten.
    for (const id of ['d', 'g', 'e', 'h', 'f', 'g', 'b', 'd', 'c']) {
      expect(ids.checking).toBe(true);
      expect(ids.add(id), id).toBe(referenceAdd(id));
    }
    // Five new ids since the resume: everything from before it is forgotten, so checking stops.
    expect(ids.checking).toBe(false);
  });

  it("with checks 'every-add' reports every repeat, first pass included, and still forgets beyond its capacity", () => {
    const ids = new RecentIds(3, { checks: 'every-add' });
    expect(ids.add('a')).toBe(true);
    expect(ids.add('a')).toBe(false);
    for (const id of ['b', 'c', 'd']) expect(ids.add(id)).toBe(true);
    expect(ids.add('a')).toBe(true); // forgotten: 'b', 'c', 'd' came after it
    for (let i = 0; i < 10; i++) ids.add(`x${i}`);
    expect(ids.checking).toBe(true);
    expect(ids.add('x9')).toBe(false);
  });

  it('does not check a first connection, where nothing can repeat', () => {
    const ids = new RecentIds(4);
    ids.openWindow();
    expect(ids.checking).toBe(false);
    expect(ids.add('a')).toBe(true);
  });

  it('restarts the window when the stream resumes again before it closed', () => {
    const ids = new RecentIds(2);
    ids.add('a');
    ids.openWindow();
    ids.add('b');
    ids.openWindow();
    expect(ids.add('c')).toBe(true);
    // Without the second resume the window would have closed with 'c' (two new ids since the first one).
    expect(ids.checking).toBe(true);
    expect(ids.add('b')).toBe(false);
  });
});

describe('RingBuffer', () => {
  it('returns what came after a sequence number', () => {
    const ring = new RingBuffer<string>(5);
    ['a', 'b', 'c'].forEach((x) => ring.push(x));
    expect(ring.since(1)).toEqual({ items: ['b', 'c'], missed: 0, firstSeq: 2 });
  });

  it('says how many items a slow reader missed after the ring wrapped', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 10; i++) ring.push(i);
    const r = ring.since(2);
    expect(r.items).toEqual([8, 9, 10]);
    expect(r.missed).toBe(5);
    expect(ring.latest(2)).toEqual([9, 10]);
  });

  it('rejects a useless capacity', () => {
    expect(() => new RingBuffer(0)).toThrow(/positive integer/);
  });
});
