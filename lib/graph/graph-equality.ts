import type { GraphEdge } from './graph';

/** Element-wise equality of two string lists (labels, audit directions, flow uuids). */
export function sameArray(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The same count for every verdict on both edges. */
export function sameVerdictCounts(a: GraphEdge, b: GraphEdge): boolean {
  const keys = Object.keys(a.verdicts) as (keyof GraphEdge['verdicts'])[];
  if (keys.length !== Object.keys(b.verdicts).length) return false;
  return keys.every((k) => a.verdicts[k] === b.verdicts[k]);
}
