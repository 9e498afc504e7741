import { describe, expect, it } from 'vitest';
import { formatStreamCursor, isAfterCursor, parseStreamCursor } from './stream-cursor';

describe('stream cursors', () => {
  it('round-trip, accept the bare sequence numbers of older servers, and refuse anything else', () => {
    const cursor = { hub: 'a1b2c3d4', seq: 42, time: 1_765_000_000_123, nanos: 456_789 };
    expect(parseStreamCursor(formatStreamCursor(cursor))).toEqual(cursor);
    expect(parseStreamCursor('17')).toEqual({ seq: 17 });
    for (const bad of ['', '-1', 'x.1.2', 'a.1.2.3.4', 'a b.1.2.3', '1e5']) expect(parseStreamCursor(bad), bad).toBeUndefined();
  });

  it('orders flow times to the nanosecond', () => {
    expect(isAfterCursor(10, 5, { time: 10, nanos: 4 })).toBe(true);
    expect(isAfterCursor(10, 4, { time: 10, nanos: 4 })).toBe(false);
    expect(isAfterCursor(9, 999_999, { time: 10, nanos: 0 })).toBe(false);
  });
});
