import { describe, expect, it } from 'vitest';
import { cardSize, crossings, layoutForCanvas, layoutPositions, type LayoutNode } from './layout-positions';

const node = (id: string, namespace = 'argocd', kind = 'workload'): LayoutNode => ({ id, label: namespace && namespace !== 'argocd' ? `${namespace}/${id}` : id, kind, namespace });

/** The demo's argocd namespace and its peers: long names side by side (argocd-repo-server, argocd-server). */
const NODES = [
  node('argocd-application-controller'), node('argocd-applicationset-controller'), node('argocd-dex-server'), node('argocd-notifications-controller'),
  node('argocd-redis'), node('argocd-repo-server'), node('argocd-server'), node('kube-apiserver', '', 'kube-apiserver'), node('host', '', 'host'),
  node('world', '', 'world'), node('github.com', '', 'fqdn'), node('coredns', 'kube-system'), node('traefik', 'traefik'), node('prometheus', 'monitoring'),
];
const ids = NODES.map((n) => n.id);
const own = ids.slice(0, 7);
/** The demo's argocd traffic: DNS and the API server from everyone, Prometheus scrapes, traefik in, git out. */
const EDGES: (readonly [string, string])[] = [
  ...own.flatMap((w) => [[w, 'coredns'], [w, 'kube-apiserver'], ['prometheus', w]] as const),
  ['argocd-server', 'argocd-repo-server'], ['argocd-server', 'argocd-redis'], ['argocd-server', 'argocd-dex-server'], ['argocd-application-controller', 'argocd-repo-server'],
  ['argocd-application-controller', 'argocd-redis'], ['traefik', 'argocd-server'], ['argocd-repo-server', 'github.com'], ['argocd-repo-server', 'world'], ['host', 'argocd-server'],
];

function overlapCount(positions: Map<string, { x: number; y: number }>): number {
  const boxes = NODES.map((n) => ({ p: positions.get(n.id)!, s: cardSize(n.label, n.kind) }));
  let count = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, b] = [boxes[i], boxes[j]];
    if (Math.abs(a.p.x - b.p.x) < (a.s.width + b.s.width) / 2 && Math.abs(a.p.y - b.p.y) < (a.s.height + b.s.height) / 2) count++;
  }
  return count;
}

describe('layoutPositions', () => {
  it('places every card without overlap, and with no edge through another card when readability allows', () => {
    const sizes = new Map(NODES.map((n) => [n.id, cardSize(n.label, n.kind)]));
    const dense = layoutPositions(NODES, EDGES, 'argocd', { width: 1200, height: 540 });
    expect(dense.size).toBe(NODES.length);
    expect(overlapCount(dense)).toBe(0);
    // Without hubs (each workload talks to its own peers), no edge passes through a card.
    const sparse: (readonly [string, string])[] = [['argocd-server', 'argocd-repo-server'], ['traefik', 'argocd-server'], ['argocd-repo-server', 'github.com'], ['argocd-dex-server', 'world'], ['argocd-redis', 'prometheus']];
    expect(crossings(layoutPositions(NODES, sparse, 'argocd', { width: 1200, height: 540 }), sizes, sparse)).toBe(0);
  });

  it('keeps labels at 12 px or more when the demo namespace is fitted to a 1246x558 canvas', () => {
    const positions = layoutPositions(NODES, EDGES, 'argocd', { width: 1246, height: 558 });
    const boxes = NODES.map((n) => ({ p: positions.get(n.id)!, s: cardSize(n.label, n.kind) }));
    const width = Math.max(...boxes.map((b) => b.p.x + b.s.width / 2)) - Math.min(...boxes.map((b) => b.p.x - b.s.width / 2));
    const height = Math.max(...boxes.map((b) => b.p.y + b.s.height / 2)) - Math.min(...boxes.map((b) => b.p.y - b.s.height / 2));
    const fitZoom = Math.min((1246 - 48) / width, (558 - 48) / height);
    expect(13 * fitZoom).toBeGreaterThanOrEqual(12);
  });

  it('uses the canvas: a small map spans most of its width and height, and is the same on every visit', () => {
    const small = NODES.slice(0, 6);
    const positions = layoutPositions(small, [], 'argocd', { width: 1200, height: 540 });
    const xs = [...positions.values()].map((p) => p.x);
    const ys = [...positions.values()].map((p) => p.y);
    const widest = Math.max(...small.map((n) => cardSize(n.label).width));
    expect(Math.max(...xs) - Math.min(...xs) + widest).toBeGreaterThan(0.7 * 1200);
    expect(Math.max(...ys) - Math.min(...ys) + 30).toBeGreaterThan(0.7 * 540);
    expect(layoutPositions(small, [], 'argocd', { width: 1200, height: 540 })).toEqual(positions);
  });

  it('counts edges through cards, and stops counting at the number asked for', () => {
    const row = new Map([['a', { x: 0, y: 0 }], ['b', { x: 200, y: 0 }], ['c', { x: 400, y: 0 }], ['d', { x: 600, y: 0 }]]);
    const sizes = new Map([...row.keys()].map((id) => [id, cardSize(id)]));
    const through: (readonly [string, string])[] = [['a', 'c'], ['a', 'd'], ['b', 'd'], ['a', 'b']];
    expect(crossings(row, sizes, through)).toBe(3);
    expect(crossings(row, sizes, through, 1)).toBe(1);
  });

  it('places a map of 300 workloads on its way to 2,000 edges without overlap (only overlaps are checked past the crossing budget)', () => {
    const nodes = Array.from({ length: 300 }, (_, i) => node(`svc-${i}`, 'bench'));
    const edges = nodes.map((n, i) => [n.id, nodes[(i * 7 + 1) % 300].id] as const);
    const positions = layoutPositions(nodes, edges, 'bench', { width: 1350, height: 600 });
    expect(positions.size).toBe(300);
    const rects = nodes.map((n) => ({ p: positions.get(n.id)!, s: cardSize(n.label) }));
    const overlapping = rects.filter((a, i) => rects.some((b, j) => i !== j && Math.abs(a.p.x - b.p.x) < (a.s.width + b.s.width) / 2 && Math.abs(a.p.y - b.p.y) < (a.s.height + b.s.height) / 2));
    expect(overlapping).toEqual([]);
  });

  it('sizes cards for their label at 13 px', () => {
    expect(cardSize('argocd-application-controller').width).toBeGreaterThanOrEqual(29 * 7);
  });

  it('places a bench namespace of 300 (and 50) workloads where it always did: same input, same positions (golden)', () => {
    const bench = (n: number) => {
      const nodes = [...Array.from({ length: n }, (_, i) => node(`bench/svc-${i}`, 'bench')), node('entity:host', '', 'host'), node('kube-system/coredns', 'kube-system')];
      const edges: [string, string][] = [['bench/svc-0', 'kube-system/coredns'], ['entity:host', 'bench/svc-0']];
      for (let i = 0; i < n; i++) for (let k = 0; k < 7; k++) edges.push([`bench/svc-${i}`, `bench/svc-${(i * 7 + k * 13 + 1) % n}`]);
      return { nodes, edges };
    };
    const big = bench(300);
    const { positions, height } = layoutForCanvas(big.nodes, big.edges, 'bench', 1376, [600]);
    expect(height).toBe(600);
    expect([positions.get('bench/svc-0'), positions.get('bench/svc-1'), positions.get('bench/svc-150'), positions.get('entity:host')]).toEqual(GOLDEN_300);
    const small = bench(50);
    const fifty = layoutForCanvas(small.nodes, small.edges, 'bench', 1100, [600, 760, 920, 1080]);
    expect(fifty.height).toBe(GOLDEN_50.height);
    expect([fifty.positions.get('bench/svc-0'), fifty.positions.get('bench/svc-1'), fifty.positions.get('entity:host')]).toEqual(GOLDEN_50.positions);
  });
});

// Computed by the layout before it stepped over ellipses too small for the cards (rimTooShort).
const GOLDEN_300 = [{ x: 0, y: -13099 }, { x: 552, y: -13095 }, { x: 20471, y: -3169 }, { x: -736, y: -13091 }];
const GOLDEN_50 = { height: 1080, positions: [{ x: 0, y: -965 }, { x: 185, y: -921 }, { x: -327, y: -810 }] };
