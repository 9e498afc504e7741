import { VERDICTS } from '../flow/flow';

/** Length of a minute bucket in ms. */
export const MINUTE_MS = 60_000;
/** Length of an hour bucket in ms. */
export const HOUR_MS = 3_600_000;
// One more slot than the window needs: the bucket holding the window's start is included whole.
const MINUTE_SLOTS = 61;
const HOUR_SLOTS = 25;
const V = VERDICTS.length;

/**
 * Per-edge connection counters in two rings: per-minute buckets for the last hour and per-hour buckets for the
 * last day. Counts inside a window are exact to one bucket (a minute up to 1 h, an hour beyond) and memory is
 * fixed (about 3 KB per edge) however long the graph runs.
 */
export interface EdgeBuckets {
  /** Verdict counters, `MINUTE_SLOTS × VERDICTS.length`. */
  minutes: Uint32Array;
  /** Minute number (time / MINUTE_MS) held by each slot; -1 = empty. */
  minuteStamps: Int32Array;
  /** AUDIT direction bits per minute slot. */
  minuteAudit: Uint8Array;
  hours: Uint32Array;
  hourStamps: Int32Array;
  hourAudit: Uint8Array;
}

/** Empty rings. */
export function createEdgeBuckets(): EdgeBuckets {
  return {
    minutes: new Uint32Array(MINUTE_SLOTS * V),
    minuteStamps: new Int32Array(MINUTE_SLOTS).fill(-1),
    minuteAudit: new Uint8Array(MINUTE_SLOTS),
    hours: new Uint32Array(HOUR_SLOTS * V),
    hourStamps: new Int32Array(HOUR_SLOTS).fill(-1),
    hourAudit: new Uint8Array(HOUR_SLOTS),
  };
}

/**
 * Adds `delta` (+1, or -1 to move a connection to another verdict) to verdict `verdictIndex` at flow time `time`
 * and ORs `auditMask` into the audit bits. Events older than what a ring still holds are dropped from that ring.
 */
export function addToBuckets(buckets: EdgeBuckets, time: number, verdictIndex: number, delta: number, auditMask = 0): void {
  addToRing(buckets.minutes, buckets.minuteStamps, buckets.minuteAudit, Math.floor(time / MINUTE_MS), verdictIndex, delta, auditMask);
  addToRing(buckets.hours, buckets.hourStamps, buckets.hourAudit, Math.floor(time / HOUR_MS), verdictIndex, delta, auditMask);
}

/**
 * Sums the buckets overlapping `[since, now]` into `out` (indexed like `VERDICTS`, zeroed first) and returns the
 * OR of their audit bits. Windows up to an hour read minute buckets, longer ones hour buckets.
 */
export function sumBuckets(buckets: EdgeBuckets, since: number, now: number, out: Float64Array): number {
  out.fill(0);
  if (now - since <= HOUR_MS) {
    return sumRing(buckets.minutes, buckets.minuteStamps, buckets.minuteAudit, Math.floor(since / MINUTE_MS), out);
  }
  return sumRing(buckets.hours, buckets.hourStamps, buckets.hourAudit, Math.floor(since / HOUR_MS), out);
}

function addToRing(counts: Uint32Array, stamps: Int32Array, audit: Uint8Array, bucket: number, verdictIndex: number, delta: number, auditMask: number): void {
  const slots = stamps.length;
  const slot = bucket % slots;
  const held = stamps[slot];
  if (held > bucket) return; // the ring has moved past this bucket
  if (held < bucket) {
    if (delta < 0) return; // the counted bucket is gone already
    counts.fill(0, slot * V, slot * V + V);
    audit[slot] = 0;
    stamps[slot] = bucket;
  }
  const i = slot * V + verdictIndex;
  if (delta < 0 && counts[i] === 0) return;
  counts[i] += delta;
  audit[slot] |= auditMask;
}

function sumRing(counts: Uint32Array, stamps: Int32Array, audit: Uint8Array, fromBucket: number, out: Float64Array): number {
  let mask = 0;
  for (let slot = 0; slot < stamps.length; slot++) {
    if (stamps[slot] < fromBucket) continue;
    for (let v = 0; v < V; v++) out[v] += counts[slot * V + v];
    mask |= audit[slot];
  }
  return mask;
}
