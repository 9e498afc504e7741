import type { Flow } from '../flow/flow';

/**
 * Two newest-first flow lists as one, newest first, de-duplicated by uuid and capped: the live flows a tab holds
 * and the flows the server answered for a filter. Ties keep `a` first. Pure.
 */
export function mergeFlows(a: readonly Flow[], b: readonly Flow[], cap: number): Flow[] {
  const out: Flow[] = [];
  const seen = new Set<string>();
  let i = 0;
  let j = 0;
  while (out.length < cap && (i < a.length || j < b.length)) {
    const takeA = j >= b.length || (i < a.length && a[i].time >= b[j].time);
    const flow = takeA ? a[i++] : b[j++];
    if (seen.has(flow.uuid)) continue;
    seen.add(flow.uuid);
    out.push(flow);
  }
  return out;
}

/**
 * How many flows of `current` a frozen view does not show yet: those not in `shown` and newer than its newest
 * row (older ones arriving late are not "new"). For the table paused under the pointer ("N new").
 */
export function countNewFlows(current: readonly Flow[], shown: readonly Flow[]): number {
  const ids = new Set(shown.map((f) => f.uuid));
  const newest = shown.length > 0 ? shown[0].time : -Infinity;
  let n = 0;
  for (const flow of current) if (!ids.has(flow.uuid) && flow.time >= newest) n++;
  return n;
}
