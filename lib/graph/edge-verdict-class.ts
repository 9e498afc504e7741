import type { GraphEdge } from './graph';

/** Which verdict class an edge is drawn with. AUDIT wins: it is what the rollout is about. */
export type EdgeVerdictClass = 'audit' | 'dropped' | 'forwarded' | 'other';

/** The verdict class an edge is drawn with (its colour on the map, its marker in the connection list). */
export function edgeVerdictClass(edge: GraphEdge): EdgeVerdictClass {
  if (edge.verdicts.AUDIT) return 'audit';
  if (edge.verdicts.DROPPED) return 'dropped';
  if (edge.verdicts.FORWARDED || edge.verdicts.REDIRECTED) return 'forwarded';
  return 'other';
}
