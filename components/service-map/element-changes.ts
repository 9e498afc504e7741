import type { ElementDefinition } from 'cytoscape';

/** What differs between the elements on the canvas and the wanted ones (see {@link elementChanges}). */
export interface ElementChanges {
  /** Wanted elements the canvas does not have, nodes before edges (an edge needs its ends). */
  added: ElementDefinition[];
  /** Ids of elements on the canvas that are no longer wanted. */
  removed: string[];
  /** Wanted elements already on the canvas whose data (a key of the wanted data) differs. */
  dataChanged: ElementDefinition[];
  /** Wanted elements already on the canvas whose classes differ. */
  classesChanged: ElementDefinition[];
}

/**
 * The changes that turn `current` (what was last applied to the canvas, by id) into `wanted`, compared here rather
 * than in cytoscape: reading 2,000 edges back out of cytoscape costs more than comparing plain objects, and every
 * data or class write makes cytoscape restyle the element and redraw the whole canvas. Unchanged elements appear
 * in no list, so a second of new counts on a big map touches nothing.
 */
export function elementChanges(current: ReadonlyMap<string, ElementDefinition>, wanted: readonly ElementDefinition[]): ElementChanges {
  const out: ElementChanges = { added: [], removed: [], dataChanged: [], classesChanged: [] };
  const wantedIds = new Set<string>();
  const addedEdges: ElementDefinition[] = [];
  for (const def of wanted) {
    const id = def.data.id as string;
    wantedIds.add(id);
    const before = current.get(id);
    if (!before) {
      (def.group === 'edges' ? addedEdges : out.added).push(def);
      continue;
    }
    if (before === def) continue;
    if (!sameData(before.data, def.data)) out.dataChanged.push(def);
    if ((before.classes ?? '') !== (def.classes ?? '')) out.classesChanged.push(def);
  }
  out.added.push(...addedEdges);
  for (const id of current.keys()) if (!wantedIds.has(id)) out.removed.push(id);
  return out;
}

function sameData(current: Record<string, unknown>, next: Record<string, unknown>): boolean {
  for (const key of Object.keys(next)) if (current[key] !== next[key]) return false;
  return true;
}
