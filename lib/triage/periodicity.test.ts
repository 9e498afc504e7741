import { describe, expect, it } from 'vitest';
import { isPeriodic, periodicityStats } from './periodicity';

describe('periodicityStats (RITA-style beacon statistics)', () => {
  it('a fixed cadence has zero deviation and skew', () => {
    const stats = periodicityStats(Array.from({ length: 12 }, (_, i) => i * 60_000));
    expect(stats).toEqual({ connections: 12, medianMs: 60_000, relativeMad: 0, skew: 0 });
    expect(isPeriodic(stats)).toBe(true);
  });

  it('one missed beat does not hide the pattern (robust statistics)', () => {
    const times = Array.from({ length: 15 }, (_, i) => i * 60_000).filter((t) => t !== 7 * 60_000);
    expect(isPeriodic(periodicityStats(times))).toBe(true);
  });

  it('needs at least 10 connections', () => {
    expect(periodicityStats([0, 1, 2, 3, 4, 5, 6, 7, 8])).toBeUndefined();
  });

  it('bursty traffic is not periodic', () => {
    const times = [0, 1, 2, 3, 500, 501, 502, 5000, 5001, 9000, 9001, 9002, 20000];
    expect(isPeriodic(periodicityStats(times))).toBe(false);
  });
});
