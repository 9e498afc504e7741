import { describe, expect, it } from 'vitest';
import { formatAgo, formatCount, formatDateTime, formatDuration, formatTime } from './format';

// The same text on the server and in every browser: fixed locale, UTC.
describe('UI formatting', () => {
  const t = Date.parse('2026-12-07T17:32:05.123Z');

  it('formats times in UTC, and a missing time as a dash', () => {
    expect(formatTime(t)).toBe('17:32:05.123');
    expect(formatDateTime(t)).toBe('2026-12-07 17:32:05Z');
    expect(formatTime(0)).toBe('-');
    expect(formatDateTime(undefined)).toBe('-');
  });

  it('groups thousands whatever the browser locale, and counts nothing as 0', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(undefined)).toBe('0');
    for (const n of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, -1234, -999, Number.MAX_SAFE_INTEGER, 1234.5, 1e22]) expect(formatCount(n)).toBe(n.toLocaleString('en'));
  });

  it('shortens durations to the two largest units', () => {
    expect(formatDuration(59e9)).toBe('59s');
    expect(formatDuration(61e9)).toBe('1m');
    expect(formatDuration((2 * 3600 + 5 * 60) * 1e9)).toBe('2h 5m');
    expect(formatDuration((3 * 86400 + 4 * 3600) * 1e9)).toBe('3d 4h');
  });

  it('says how long ago, never in the future, and "never" without a time', () => {
    expect(formatAgo(t - 90_000, t)).toBe('1m ago');
    expect(formatAgo(t + 5_000, t)).toBe('0s ago');
    expect(formatAgo(undefined, t)).toBe('never');
  });
});
