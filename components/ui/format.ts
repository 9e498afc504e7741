/** Formatting helpers for the UI (fixed locale so server and browser render the same text). */

export function formatTime(ms: number): string {
  if (!ms) return '-';
  const d = new Date(ms);
  return `${d.toISOString().slice(11, 23)}`;
}

export function formatDateTime(ms: number | undefined): string {
  if (!ms) return '-';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + 'Z';
}

/**
 * A count with thousands grouped as `toLocaleString('en')` writes it, without Intl for whole numbers: a page's
 * first Intl call loads ICU's number formatting, 15-60 ms of main thread before the first counters render.
 */
export function formatCount(n: number | undefined): string {
  const value = n ?? 0;
  if (!Number.isSafeInteger(value)) return value.toLocaleString('en');
  const digits = String(Math.abs(value));
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return value < 0 ? `-${out}` : out;
}

export function formatDuration(ns: number): string {
  const s = Math.floor(ns / 1e9);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

export function formatAgo(ms: number | undefined, now = Date.now()): string {
  if (!ms) return 'never';
  return `${formatDuration(Math.max(0, now - ms) * 1e6)} ago`;
}
