import type { Prng } from './prng';
import type { ResolvedConnection } from './scenario-model';
import type { ScenarioCadence } from './scenario-types';

/**
 * The timers of the scenario's periodic connections (those with `every`): when each one next starts. Beside the
 * generator's Poisson arrivals, so a beacon keeps its cadence whatever the rate. Gaps come from the generator's
 * PRNG, so the sequence stays a pure function of the seed and the start time.
 */
export class PeriodicSchedule {
  private readonly timers: { conn: ResolvedConnection; cadence: ScenarioCadence; nextUs: number }[];

  constructor(connections: readonly ResolvedConnection[], startUs: number) {
    this.timers = connections.flatMap((conn) => {
      const cadence = conn.every;
      if (!cadence) return [];
      checkCadence(conn.id, cadence);
      return [{ conn, cadence, nextUs: startUs + Math.round((cadence.startAfterMs ?? cadence.periodMs) * 1000) }];
    });
  }

  /** Start time (µs) of the next periodic connection; Infinity when there is none. */
  peekUs(): number {
    let min = Infinity;
    for (const t of this.timers) if (t.nextUs < min) min = t.nextUs;
    return min;
  }

  /** The next periodic connection and its start time; its following start is drawn within the jitter. */
  take(rand: Prng): { conn: ResolvedConnection; startUs: number } {
    let next = this.timers[0];
    for (const t of this.timers) if (t.nextUs < next.nextUs) next = t;
    const startUs = next.nextUs;
    next.nextUs = startUs + cadenceGapUs(next.cadence, rand);
    return { conn: next.conn, startUs };
  }
}

/** One gap of a cadence in µs: the period, moved uniformly within ±jitter of it. */
export function cadenceGapUs(cadence: ScenarioCadence, rand: Prng): number {
  const factor = 1 + cadence.jitter * (2 * rand.float() - 1);
  return Math.max(1, Math.round(cadence.periodMs * 1000 * factor));
}

function checkCadence(id: string, cadence: ScenarioCadence): void {
  if (!(cadence.periodMs > 0) || !(cadence.jitter >= 0 && cadence.jitter < 1) || (cadence.startAfterMs ?? 0) < 0) {
    throw new Error(`${id}: a cadence needs periodMs > 0, jitter in [0, 1) and startAfterMs >= 0`);
  }
}
