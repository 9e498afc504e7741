/**
 * SSE event ids that mean something on every replica. A replica numbers flows in the order it received them, and
 * every replica has its own numbering, so a bare sequence number sent back by a browser that reconnected to
 * another replica skips or repeats flows. The id names the replica (its hub id), its sequence number and the
 * newest flow time sent: the same replica resumes exactly by sequence number; another one by flow time, sending
 * only flows newer than that time (flows at or before it that arrive late are not sent: no repeats, and the
 * gap is bounded by how far out of order the relay delivers flows).
 */

/** Where a stream stands: `<hub>.<seq>.<ms>.<nanos>`. */
export interface StreamCursor {
  hub: string;
  seq: number;
  /** Newest flow time sent (ms since the epoch) and its nanoseconds within the millisecond. */
  time: number;
  nanos: number;
}

/** The SSE id of a cursor. */
export function formatStreamCursor(cursor: StreamCursor): string {
  return `${cursor.hub}.${cursor.seq}.${cursor.time}.${cursor.nanos}`;
}

/**
 * Parses a `Last-Event-ID`: a cursor, or a bare sequence number (ids of older servers, resumed by sequence on any
 * replica). Undefined when malformed.
 */
export function parseStreamCursor(raw: string): StreamCursor | { seq: number } | undefined {
  if (/^\d{1,15}$/.test(raw)) return { seq: Number(raw) };
  const m = /^([A-Za-z0-9-]{1,40})\.(\d{1,15})\.(\d{1,15})\.(\d{1,9})$/.exec(raw);
  if (!m) return undefined;
  return { hub: m[1], seq: Number(m[2]), time: Number(m[3]), nanos: Number(m[4]) };
}

/** True when flow time (`time`, `nanos`) is after the cursor's. */
export function isAfterCursor(time: number, nanos: number, cursor: Pick<StreamCursor, 'time' | 'nanos'>): boolean {
  return time > cursor.time || (time === cursor.time && nanos > cursor.nanos);
}

/** True for a full cursor (not a bare sequence number). */
export function isStreamCursor(value: StreamCursor | { seq: number }): value is StreamCursor {
  return 'hub' in value;
}
