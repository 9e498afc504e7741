import { describe, expect, it } from 'vitest';
import { createHomelabGenerator } from './homelab-generator';
import { createLoopedGenerator } from './looped-generator';

describe('looped generator', () => {
  const source = () => createHomelabGenerator({ seed: 4, startTimeMs: Date.UTC(2026, 10, 1), rate: 1000 });

  it('replays the recorded cycle with later times, fresh uuids and consistently shifted client ports', () => {
    const reference = source().take(100);
    const looped = createLoopedGenerator(source(), { cycleLength: 100 });
    const lap0 = looped.take(100);
    const lap1 = looped.take(100);
    expect(lap0.map((f) => f.template)).toEqual(reference.map((f) => f.template));
    expect(lap0.map((f) => f.timeUs)).toEqual(reference.map((f) => f.timeUs));
    expect(lap1.map((f) => f.template)).toEqual(reference.map((f) => f.template));
    expect(lap1[0].timeUs).toBeGreaterThan(lap0[99].timeUs);
    expect(new Set([...lap0, ...lap1].map((f) => f.uuid)).size).toBe(200);
    const pairs = new Map<number, number>();
    lap0.forEach((f, i) => {
      if (f.clientPort >= 32768) pairs.set(f.clientPort, lap1[i].clientPort);
      expect(lap1[i].serverPort).toBe(f.serverPort);
    });
    // One shift per lap: a connection's events keep sharing one client port.
    for (const [before, after] of pairs) expect(after).not.toBe(before);
    expect(new Set(lap1.map((f) => f.clientPort)).size).toBe(new Set(lap0.map((f) => f.clientPort)).size);
  });

  it('serves takeUntil by virtual time and refuses rate changes', () => {
    const looped = createLoopedGenerator(source(), { cycleLength: 50 });
    const first = looped.peekTimeUs();
    expect(looped.takeUntil(first / 1000 - 1)).toEqual([]);
    expect(looped.takeUntil(first / 1000).length).toBeGreaterThanOrEqual(1);
    expect(() => looped.setRate(5)).toThrow();
  });
});
