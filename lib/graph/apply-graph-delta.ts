import { compareById, isEmptyGraphDelta, type GraphDelta, type GraphSnapshot } from './graph';

/**
 * Pure reducer for the browser (headlamp `applyUpdate` style): the snapshot with `delta` applied. Returns the same
 * snapshot object when the delta is empty, and the same `nodes`/`edges` array when the delta leaves it alone;
 * elements the delta does not mention keep their identity. Removals apply first, then additions and updates; an
 * update for an unknown id is treated as an addition (the browser may have missed it). Output stays sorted by id.
 */
export function applyGraphDelta<S extends GraphSnapshot>(snapshot: S, delta: GraphDelta): S {
  if (isEmptyGraphDelta(delta)) return snapshot;
  const nodes = mergeById(snapshot.nodes, delta.nodesAdded, delta.nodesUpdated, delta.nodesRemoved);
  const edges = mergeById(snapshot.edges, delta.edgesAdded, delta.edgesUpdated, delta.edgesRemoved);
  if (nodes === snapshot.nodes && edges === snapshot.edges) return snapshot;
  return { ...snapshot, nodes, edges };
}

function mergeById<T extends { id: string }>(current: T[], added: readonly T[], updated: readonly T[], removed: readonly string[]): T[] {
  if (added.length === 0 && updated.length === 0 && removed.length === 0) return current;
  const replacements = new Map<string, T>();
  for (const item of added) replacements.set(item.id, item);
  for (const item of updated) replacements.set(item.id, item);
  const gone = new Set(removed);
  const out: T[] = [];
  let changed = false;
  for (const item of current) {
    const replacement = replacements.get(item.id);
    if (replacement !== undefined) {
      replacements.delete(item.id);
      out.push(replacement);
      changed = changed || replacement !== item;
    } else if (gone.has(item.id)) changed = true;
    else out.push(item);
  }
  if (replacements.size === 0) return changed ? out : current;
  for (const item of replacements.values()) out.push(item);
  return out.sort(compareById);
}
