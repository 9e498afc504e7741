import { describe, expect, it } from 'vitest';
import { ClientQueue } from './client-queue';

describe('ClientQueue', () => {
  it('hands over what was queued in order', () => {
    const q = new ClientQueue<number>(10);
    [1, 2, 3].forEach((n) => q.push(n));
    expect(q.drain()).toEqual({ items: [1, 2, 3], skipped: 0 });
    expect(q.length).toBe(0);
  });

  it('keeps only the newest items for a slow client and counts what it dropped', () => {
    const q = new ClientQueue<number>(3);
    for (let i = 1; i <= 100_000; i++) q.push(i);
    expect(q.length).toBe(3);
    const { items, skipped } = q.drain();
    expect(items).toEqual([99_998, 99_999, 100_000]);
    expect(skipped).toBe(99_997);
    expect(q.skippedTotal).toBe(99_997);
    expect(q.drain().skipped).toBe(0);
  });
});
