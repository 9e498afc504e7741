import { describe, expect, it } from 'vitest';
import { createPrng } from './prng';
import { cadenceGapUs, PeriodicSchedule } from './periodic-schedule';
import { parsePeer, type ResolvedConnection } from './scenario-model';
import type { ScenarioConnection } from './scenario-types';

function conn(id: string, every: ScenarioConnection['every']): ResolvedConnection {
  const c: ScenarioConnection = { id, from: 'a/a', to: 'world:192.0.2.1', port: 9999, protocol: 'TCP', weight: 0, note: '', every };
  return { ...c, fromPeer: parsePeer(c.from), toPeer: parsePeer(c.to) };
}

function starts(schedule: PeriodicSchedule, seed: number, count: number): { id: string; startUs: number }[] {
  const rand = createPrng(seed);
  return Array.from({ length: count }, () => {
    const { conn: c, startUs } = schedule.take(rand);
    return { id: c.id, startUs };
  });
}

describe('periodic connections (cadence with jitter)', () => {
  it('keeps every gap within the jitter of the period, and the gaps vary', () => {
    const rand = createPrng(7);
    const gaps = Array.from({ length: 2000 }, () => cadenceGapUs({ periodMs: 10_000, jitter: 0.1 }, rand));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(9_000_000);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(11_000_000);
    expect(Math.min(...gaps)).toBeLessThan(9_200_000);
    expect(Math.max(...gaps)).toBeGreaterThan(10_800_000);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(Math.abs(mean - 10_000_000)).toBeLessThan(100_000);
    expect(new Set(gaps.map(() => cadenceGapUs({ periodMs: 10_000, jitter: 0 }, rand))).size).toBe(1);
  });

  it('starts the first occurrence after startAfterMs (default one period), then interleaves timers in time order', () => {
    const schedule = new PeriodicSchedule([conn('fast', { periodMs: 1_000, jitter: 0.05 }), conn('slow', { periodMs: 5_000, jitter: 0.05, startAfterMs: 0 }), conn('poisson', undefined)], 1e9);
    expect(schedule.peekUs()).toBe(1e9);
    const list = starts(schedule, 3, 40);
    expect(list[0]).toEqual({ id: 'slow', startUs: 1e9 });
    expect(list[1]).toEqual({ id: 'fast', startUs: 1e9 + 1e6 });
    for (let i = 1; i < list.length; i++) expect(list[i].startUs).toBeGreaterThanOrEqual(list[i - 1].startUs);
    expect(list.some((s) => s.id === 'poisson')).toBe(false);
    expect(list.filter((s) => s.id === 'fast').length).toBeGreaterThan(4 * list.filter((s) => s.id === 'slow').length);
  });

  it('is a pure function of the seed', () => {
    const make = () => new PeriodicSchedule([conn('beacon', { periodMs: 10_000, jitter: 0.1 })], 0);
    expect(starts(make(), 11, 50)).toEqual(starts(make(), 11, 50));
    expect(starts(make(), 11, 50)).not.toEqual(starts(make(), 12, 50));
    expect(new PeriodicSchedule([conn('none', undefined)], 0).peekUs()).toBe(Infinity);
  });

  it('refuses a cadence that cannot be scheduled', () => {
    expect(() => new PeriodicSchedule([conn('zero', { periodMs: 0, jitter: 0 })], 0)).toThrow(/zero: a cadence/);
    expect(() => new PeriodicSchedule([conn('wide', { periodMs: 1000, jitter: 1 })], 0)).toThrow(/wide/);
  });
});
