import type { ElementDefinition } from 'cytoscape';

/**
 * A deterministic layout for a namespace map, readable at a glance: the namespace's own workloads in a grid in the
 * middle, peers of other namespaces grouped by namespace in a column on the left, reserved entities (host,
 * kube-apiserver, ...) in a row above, and world / DNS-name peers in a column on the right. Same input, same
 * positions, so the map does not jump between visits.
 */
const GAP = 120;

export function layoutPositions(elements: readonly ElementDefinition[], ownNamespace: string): Map<string, { x: number; y: number }> {
  const positions = new Map<string, { x: number; y: number }>();
  const nodes = elements.filter((e) => e.group === 'nodes' && !String(e.data.id).startsWith('ns:'));
  const own = nodes.filter((n) => n.data.namespace === ownNamespace);
  const peers = nodes.filter((n) => n.data.namespace && n.data.namespace !== ownNamespace);
  const world = nodes.filter((n) => n.data.kind === 'world' || n.data.kind === 'fqdn');
  const entities = nodes.filter((n) => !n.data.namespace && n.data.kind !== 'world' && n.data.kind !== 'fqdn');
  const cols = Math.max(1, Math.ceil(Math.sqrt(own.length)));
  own.forEach((n, i) => positions.set(n.data.id as string, { x: (i % cols) * GAP, y: Math.floor(i / cols) * GAP }));
  const width = (cols - 1) * GAP;
  let y = 0;
  let lastNs = '';
  for (const n of peers) {
    if (n.data.namespace !== lastNs && lastNs !== '') y += GAP * 0.6;
    lastNs = n.data.namespace;
    positions.set(n.data.id as string, { x: -GAP * 2.5, y });
    y += GAP * 0.9;
  }
  entities.forEach((n, i) => positions.set(n.data.id as string, { x: (i - (entities.length - 1) / 2) * GAP + width / 2, y: -GAP * 1.8 }));
  world.forEach((n, i) => positions.set(n.data.id as string, { x: width + GAP * 2.5, y: i * GAP * 0.9 }));
  return positions;
}
