/** Text for evidence values: fixed formats, so server and browser show the same and tests can compare. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `45s`, `12m`, `3h 20m`, `2d 4h`. Negative durations count as zero. */
export function formatDuration(ms: number): string {
  const t = Math.max(0, ms);
  if (t < MINUTE) return `${Math.floor(t / 1000)}s`;
  if (t < HOUR) return `${Math.floor(t / MINUTE)}m`;
  if (t < DAY) return `${Math.floor(t / HOUR)}h ${Math.floor((t % HOUR) / MINUTE)}m`;
  return `${Math.floor(t / DAY)}d ${Math.floor((t % DAY) / HOUR)}h`;
}

/** `2026-11-01 10:00Z` (UTC, minutes). */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + 'Z';
}

/** `2026-11-01 10:00Z (3h 20m ago)`. */
export function formatAgo(ms: number, now: number): string {
  return `${formatInstant(ms)} (${formatDuration(now - ms)} ago)`;
}

/** `1 workload`, `2 workloads`. */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

/** Up to `max` names, then `and N more`. */
export function listNames(names: readonly string[], max = 5): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
