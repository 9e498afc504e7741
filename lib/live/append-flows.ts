import type { Flow } from '../flow/flow';

/**
 * The browser's bounded flow buffer (hubble-ui caps its buffer at 1024): newest first, de-duplicated by uuid.
 * A pure reducer: returns the same array when the batch adds nothing, so React skips the render.
 */
export function appendFlows(buffer: readonly Flow[], batch: readonly Flow[], capacity = 1024): readonly Flow[] {
  if (batch.length === 0) return buffer;
  const known = new Set(buffer.map((f) => f.uuid));
  const fresh: Flow[] = [];
  for (let i = batch.length - 1; i >= 0; i--) {
    const flow = batch[i];
    if (known.has(flow.uuid)) continue;
    known.add(flow.uuid);
    fresh.push(flow);
  }
  if (fresh.length === 0) return buffer;
  const next = fresh.concat(buffer);
  return next.length > capacity ? next.slice(0, capacity) : next;
}
