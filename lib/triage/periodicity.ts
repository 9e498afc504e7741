/**
 * The beacon test on connection times (after RITA, Active Countermeasures): inter-arrival intervals of one
 * (source, destination) pair, their median, the median absolute deviation relative to it, and Bowley's quantile
 * skewness. Robust statistics: one missed beat does not hide the pattern.
 */

/** The statistics of a series of connection times. */
export interface PeriodicityStats {
  connections: number;
  /** Median interval in ms. */
  medianMs: number;
  /** Median absolute deviation of the intervals divided by the median (0 = perfectly regular). */
  relativeMad: number;
  /** Bowley skewness of the intervals, in [-1, 1] (0 = symmetric). */
  skew: number;
}

/** Fewest connections the test needs. */
export const MIN_CONNECTIONS = 10;
/** Largest relative MAD still called periodic: implants jitter by 10–30 %, so their MAD stays well below this. */
export const MAX_RELATIVE_MAD = 0.2;
/** Largest |skew| still called periodic. */
export const MAX_SKEW = 0.5;

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** The statistics, or undefined with fewer than {@link MIN_CONNECTIONS} connections or a zero median interval. */
export function periodicityStats(times: readonly number[]): PeriodicityStats | undefined {
  if (times.length < MIN_CONNECTIONS) return undefined;
  const sortedTimes = [...times].sort((a, b) => a - b);
  const intervals = sortedTimes.slice(1).map((t, i) => t - sortedTimes[i]).sort((a, b) => a - b);
  const median = quantile(intervals, 0.5);
  if (median <= 0) return undefined;
  const deviations = intervals.map((d) => Math.abs(d - median)).sort((a, b) => a - b);
  const q1 = quantile(intervals, 0.25);
  const q3 = quantile(intervals, 0.75);
  const skew = q3 === q1 ? 0 : (q1 + q3 - 2 * median) / (q3 - q1);
  return { connections: sortedTimes.length, medianMs: median, relativeMad: quantile(deviations, 0.5) / median, skew };
}

/** True when the statistics describe a regular cadence. */
export function isPeriodic(stats: PeriodicityStats | undefined): stats is PeriodicityStats {
  return !!stats && stats.relativeMad <= MAX_RELATIVE_MAD && Math.abs(stats.skew) <= MAX_SKEW;
}
