import { describe, expect, it } from 'vitest';
import { RecentIds } from './recent-ids';
import { RingBuffer } from './ring-buffer';

describe('RecentIds', () => {
  it('reports a re-sent id as a duplicate', () => {
    const ids = new RecentIds(4);
    expect(ids.add('a')).toBe(true);
    expect(ids.add('a')).toBe(false);
  });

  it('forgets the oldest ids beyond its capacity, so memory stays bounded', () => {
    const ids = new RecentIds(3);
    for (const id of ['a', 'b', 'c', 'd']) ids.add(id);
    expect(ids.size).toBe(3);
    expect(ids.has('a')).toBe(false);
    expect(ids.has('d')).toBe(true);
    expect(ids.add('a')).toBe(true);
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
