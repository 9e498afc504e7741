/**
 * When a finding's connections happened, bounded: the earliest connection times (enough for a periodicity test)
 * and a histogram of the UTC hour of day of every connection. Triage reads it; merging two is exact for the
 * histogram and keeps the earliest times.
 */

/** A finding's timing evidence. */
export interface FindingTiming {
  /** The earliest connection times (ms since the epoch), sorted, at most {@link MAX_TIMES}. */
  times: number[];
  /** Connections per UTC hour of day (24 entries). */
  hours: number[];
}

/** Connection times kept per finding. */
export const MAX_TIMES = 64;

/** An empty timing. */
export function emptyTiming(): FindingTiming {
  return { times: [], hours: new Array<number>(24).fill(0) };
}

/** Adds one connection time (in place). Times usually arrive in order; a late early one is inserted. */
export function addTime(timing: FindingTiming, time: number): void {
  timing.hours[new Date(time).getUTCHours()]++;
  addEarliestTime(timing, time);
}

/** Keeps `time` among the earliest {@link MAX_TIMES} times (in place; the hour histogram is left alone). */
export function addEarliestTime(timing: FindingTiming, time: number): void {
  const times = timing.times;
  if (times.length >= MAX_TIMES && time >= times[times.length - 1]) return;
  if (times.length === 0 || time >= times[times.length - 1]) times.push(time);
  else times.splice(times.findIndex((t) => t > time), 0, time);
  if (times.length > MAX_TIMES) times.pop();
}

/** The union of two timings (a new object). */
export function mergeTiming(a: FindingTiming | undefined, b: FindingTiming | undefined): FindingTiming {
  const out = emptyTiming();
  for (const t of [a, b]) {
    if (!t) continue;
    t.hours.forEach((n, h) => (out.hours[h] += Number.isFinite(n) ? n : 0));
  }
  out.times = [...(a?.times ?? []), ...(b?.times ?? [])].filter(Number.isFinite).sort((x, y) => x - y).slice(0, MAX_TIMES);
  return out;
}
