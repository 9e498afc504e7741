import { rimTooShort } from './rim-too-short';

/**
 * A deterministic layout for a namespace map, readable at a glance (issue #12.7): every workload is a card with its
 * name inside (Hubble UI's cards), and the cards sit just outside an ellipse shaped like the canvas, so the map
 * uses the canvas and every edge runs inside the ellipse between two cards: it does not pass through a third card,
 * hence never through a label. The namespace's own workloads come first (from the top, clockwise), then entities (host,
 * kube-apiserver, ...), world and DNS names, and peers of other namespaces grouped by namespace. The ellipse grows
 * until no two cards overlap, and then while an edge crosses a card as long as labels stay readable at fit (dense
 * maps: a short chord between stacked cards can still graze the card between them). Same input, same positions,
 * so the map does not jump between visits.
 */

/** A node to place: its id, the text on its card, and the facts that order it. */
export interface LayoutNode {
  id: string;
  label: string;
  kind: string;
  namespace: string;
}

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Font size of card labels in model pixels; at a fit zoom of 1 or more they render at least this big. */
export const LABEL_FONT_PX = 13;
const CHAR_PX = 7.6;
const CARD_HEIGHT = 30;
/** Room kept clear around each card (edges bend a little, labels have a background). */
const MARGIN = 6;
/** Most edges × cards the layout checks for edges through cards (a few tens of ms at most). */
const CROSSING_CHECK_BUDGET = 10_000;
/** The fit zoom at which labels render at 12 px. */
const MIN_FIT_ZOOM = 12.5 / 13;

/** The zoom at which the cards fill the canvas (30 px padding), as cytoscape's fit computes it. */
export function fitZoom(positions: Map<string, Point>, sizes: Map<string, Size>, canvas: Size): number {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [id, p] of positions) {
    const s = sizes.get(id)!;
    x1 = Math.min(x1, p.x - s.width / 2);
    x2 = Math.max(x2, p.x + s.width / 2);
    y1 = Math.min(y1, p.y - s.height / 2);
    y2 = Math.max(y2, p.y + s.height / 2);
  }
  // 48 px of fit padding, and room for what stands out of the cards (arrows, loops, edge labels).
  return Math.min((canvas.width - 88) / Math.max(1, x2 - x1), (canvas.height - 88) / Math.max(1, y2 - y1));
}

/** The card of a label: wide enough for the text at {@link LABEL_FONT_PX}. */
export function cardSize(label: string, kind = 'workload'): Size {
  const padding = kind === 'workload' ? 22 : 40;
  return { width: Math.max(64, Math.ceil(label.length * CHAR_PX) + padding), height: CARD_HEIGHT };
}

/** Candidate orders around the rim: own workloads first, then the other groups in each order (peers either way). */
function orders(nodes: readonly LayoutNode[], ownNamespace: string, all: boolean): LayoutNode[][] {
  const byId = (x: LayoutNode, y: LayoutNode) => x.namespace.localeCompare(y.namespace) || x.id.localeCompare(y.id);
  const own = nodes.filter((n) => n.namespace === ownNamespace).sort(byId);
  const entities = nodes.filter((n) => n.namespace !== ownNamespace && !n.namespace && n.kind !== 'world' && n.kind !== 'fqdn').sort(byId);
  const world = nodes.filter((n) => n.namespace !== ownNamespace && !n.namespace && (n.kind === 'world' || n.kind === 'fqdn')).sort(byId);
  const peers = nodes.filter((n) => n.namespace !== ownNamespace && n.namespace).sort(byId);
  const groups = [entities, world, peers];
  const permutations = all ? [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] : [[0, 1, 2]];
  const out: LayoutNode[][] = [];
  for (const perm of permutations) {
    for (const reverse of all ? [false, true] : [false]) {
      out.push([...own, ...perm.flatMap((i) => (reverse && i === 2 ? [...groups[i]].reverse() : groups[i]))]);
    }
  }
  return out;
}

/** Positions (card centres) of `nodes` for a canvas of `canvas` size; `edges` are [source, target] id pairs. */
export function layoutPositions(nodes: readonly LayoutNode[], edges: readonly (readonly [string, string])[], ownNamespace: string, canvas: Size = { width: 1100, height: 540 }): Map<string, Point> {
  const sizes = new Map(nodes.map((n) => [n.id, cardSize(n.label, n.kind)]));
  // The crossing check costs edges × cards for each try (up to 12 orders × 21 sizes): past the budget only
  // overlaps are checked, in one order (a map on its way to 300 workloads would otherwise spend seconds here).
  const checkEdges = edges.length * nodes.length <= CROSSING_CHECK_BUDGET ? edges : [];
  let best: { positions: Map<string, Point>; crossings: number } | undefined;
  for (const placed of orders(nodes, ownNamespace, checkEdges.length > 0)) {
    const positions = placeInOrder(placed, sizes, checkEdges, canvas);
    // Counting stops where this order can no longer beat the best one.
    const count = crossings(positions, sizes, checkEdges, best?.crossings ?? Infinity);
    if (!best || count < best.crossings) best = { positions, crossings: count };
    if (count === 0) break;
  }
  return best?.positions ?? new Map();
}

function placeInOrder(placed: LayoutNode[], sizes: Map<string, Size>, checkEdges: readonly (readonly [string, string])[], canvas: Size): Map<string, Point> {
  const widest = Math.max(0, ...[...sizes.values()].map((s) => s.width));
  // Cards sit outside the ellipse (their inner side on it), so the ellipse plus the cards fill the canvas.
  let rx = Math.max(40, canvas.width / 2 - widest - MARGIN);
  let ry = Math.max(30, canvas.height / 2 - CARD_HEIGHT - MARGIN);
  // Grow until the cards fit without overlap; then, for edges through a card, grow only while labels stay
  // readable at fit (a crossing is a lesser evil than an unreadable map). Sizes whose rim is too short for the
  // cards are stepped over without placing them (same sizes, same result; 300 cards: about 30 of 40 steps).
  let i = 0;
  for (; i < 80 && placed.length > 1 && rimTooShort(placed, sizes, rx, ry, MARGIN); i++) {
    rx *= 1.05;
    ry *= 1.05;
  }
  let positions = onEllipse(placed, sizes, rx, ry);
  for (; i < 80 && (!positions || overlaps(positions, sizes)); i++) {
    rx *= 1.05;
    ry *= 1.05;
    positions = onEllipse(placed, sizes, rx, ry);
  }
  for (let i = 0; i < 20 && positions && crossings(positions, sizes, checkEdges, 1) > 0; i++) {
    const bigger = onEllipse(placed, sizes, rx * 1.05, ry * 1.05);
    if (!bigger || fitZoom(bigger, sizes, canvas) < MIN_FIT_ZOOM) break;
    rx *= 1.05;
    ry *= 1.05;
    positions = bigger;
  }
  return positions ?? onEllipse(placed, sizes, rx * 100, ry * 100)!;
}

/**
 * Cards around the ellipse, spaced by what they need where they sit: at the top and bottom cards stand side by
 * side (their widths count), at the sides they stack (their heights count). Each card's inner side touches the
 * ellipse. Undefined when they do not fit around this ellipse.
 */
function onEllipse(nodes: readonly LayoutNode[], sizes: Map<string, Size>, rx: number, ry: number): Map<string, Point> | undefined {
  const positions = new Map<string, Point>();
  if (nodes.length === 1) {
    positions.set(nodes[0].id, { x: 0, y: 0 });
    return positions;
  }
  // The rim sampled by arc length, starting at the top, clockwise.
  const steps = 720;
  const rim: { t: number; s: number }[] = [];
  let length = 0;
  for (let k = 0; k <= steps; k++) {
    const t = -Math.PI / 2 + (2 * Math.PI * k) / steps;
    if (k > 0) {
      const prev = rim[k - 1].t;
      length += Math.hypot(rx * (Math.cos(t) - Math.cos(prev)), ry * (Math.sin(t) - Math.sin(prev)));
    }
    rim.push({ t, s: length });
  }
  // Binary search: the first sample at or past arc length s.
  const angleAt = (s: number) => {
    let lo = 0;
    let hi = steps;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rim[mid].s < s) lo = mid + 1;
      else hi = mid;
    }
    return rim[lo].t;
  };
  // Extent of a card along the rim at angle t: its width where the rim runs sideways, its height where it runs up.
  const extent = (id: string, t: number) => {
    const { width, height } = sizes.get(id)!;
    const tx = Math.abs(rx * Math.sin(t));
    const ty = Math.abs(ry * Math.cos(t));
    const norm = Math.hypot(tx, ty) || 1;
    return (width * tx + height * ty) / norm + 2 * MARGIN;
  };
  const at: number[] = [0];
  for (let i = 1; i < nodes.length; i++) {
    const prev = at[i - 1];
    let next = prev + extent(nodes[i - 1].id, angleAt(prev)) / 2;
    next += extent(nodes[i].id, angleAt(next)) / 2;
    at.push(next);
  }
  const closing = extent(nodes.at(-1)!.id, angleAt(at.at(-1)!)) / 2 + extent(nodes[0].id, rim[0].t) / 2;
  const slack = length - (at.at(-1)! + closing);
  if (slack < 0) return undefined;
  nodes.forEach((n, i) => {
    const t = angleAt(at[i] + (slack * i) / nodes.length);
    const { width, height } = sizes.get(n.id)!;
    const cos = Math.cos(t);
    const sin = Math.sin(t);
    positions.set(n.id, { x: Math.round(rx * cos + (cos * width) / 2), y: Math.round(ry * sin + (sin * height) / 2) });
  });
  return positions;
}

interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

function rectOf(p: Point, s: Size, margin: number): Rect {
  return { x1: p.x - s.width / 2 - margin, y1: p.y - s.height / 2 - margin, x2: p.x + s.width / 2 + margin, y2: p.y + s.height / 2 + margin };
}

function overlaps(positions: Map<string, Point>, sizes: Map<string, Size>): boolean {
  const rects = [...positions].map(([id, p]) => rectOf(p, sizes.get(id)!, MARGIN / 2));
  // Cards only meet their neighbours around the rim; big maps check those alone (quadratic otherwise).
  const reach = rects.length > 60 ? 4 : rects.length;
  for (let i = 0; i < rects.length; i++) {
    for (let k = 1; k <= reach && k < rects.length; k++) {
      const j = (i + k) % rects.length;
      if (j === i) continue;
      const a = rects[i];
      const b = rects[j];
      if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) return true;
    }
  }
  return false;
}

/**
 * How many edges (straight, centre to centre) pass through a card that is not one of their ends; counting stops at
 * `enough` (Default: all).
 */
export function crossings(positions: Map<string, Point>, sizes: Map<string, Size>, edges: readonly (readonly [string, string])[], enough = Infinity): number {
  if (edges.length === 0) return 0;
  const cards = [...positions].map(([id, p]) => ({ id, rect: rectOf(p, sizes.get(id)!, MARGIN) }));
  let count = 0;
  for (const [s, t] of edges) {
    if (count >= enough) break;
    const a = positions.get(s);
    const b = positions.get(t);
    if (!a || !b || s === t) continue;
    const [x1, x2, y1, y2] = [Math.min(a.x, b.x), Math.max(a.x, b.x), Math.min(a.y, b.y), Math.max(a.y, b.y)];
    for (const { id, rect } of cards) {
      // Most cards are nowhere near the segment's box: the clipping test is for the few that are.
      if (rect.x2 < x1 || rect.x1 > x2 || rect.y2 < y1 || rect.y1 > y2 || id === s || id === t) continue;
      if (segmentHitsRect(a, b, rect)) {
        count++;
        break;
      }
    }
  }
  return count;
}

/** Liang-Barsky clipping: does the segment a-b enter the rectangle? */
function segmentHitsRect(a: Point, b: Point, r: Rect): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const checks: [number, number][] = [[-dx, a.x - r.x1], [dx, r.x2 - a.x], [-dy, a.y - r.y1], [dy, r.y2 - a.y]];
  for (const [p, q] of checks) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

/**
 * The layout for a canvas `width` wide, on the first of `heights` at which labels stay readable at fit (a map with
 * many peers gets a taller canvas rather than smaller labels); the last height when none is enough.
 */
export function layoutForCanvas(nodes: readonly LayoutNode[], edges: readonly (readonly [string, string])[], ownNamespace: string, width: number, heights: readonly number[]): { positions: Map<string, Point>; height: number } {
  const sizes = new Map(nodes.map((n) => [n.id, cardSize(n.label, n.kind)]));
  let last: { positions: Map<string, Point>; height: number } | undefined;
  for (const height of heights) {
    last = { positions: layoutPositions(nodes, edges, ownNamespace, { width, height }), height };
    if (fitZoom(last.positions, sizes, { width, height }) >= MIN_FIT_ZOOM) break;
  }
  return last!;
}
