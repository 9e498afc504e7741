import { describe, expect, it } from 'vitest';
import { rimTooShort } from './rim-too-short';

const cards = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${i}` }));
const sizes = (n: number) => new Map(cards(n).map((c) => [c.id, { width: 80, height: 30 }]));

describe('rimTooShort', () => {
  it('is true only while the cards’ smaller sides and margins exceed the bound on the perimeter', () => {
    // 100 cards need at least 100 × (30 + 12) = 4,200 px of rim.
    expect(rimTooShort(cards(100), sizes(100), 400, 200, 6)).toBe(true); // bound π·√(2·200,000) ≈ 1,987
    expect(rimTooShort(cards(100), sizes(100), 600, 600, 6)).toBe(true); // ≈ 3,770
    expect(rimTooShort(cards(100), sizes(100), 700, 700, 6)).toBe(false); // ≈ 4,398
    expect(rimTooShort(cards(3), sizes(3), 40, 30, 6)).toBe(false);
  });

  it('counts the smaller side of each card, whichever it is', () => {
    const tall = new Map(cards(10).map((c) => [c.id, { width: 20, height: 200 }]));
    expect(rimTooShort(cards(10), tall, 50, 50, 0)).toBe(false); // 200 needed, bound ≈ 314
    expect(rimTooShort(cards(10), tall, 40, 30, 6)).toBe(true); // 320 needed, bound ≈ 222
  });
});
