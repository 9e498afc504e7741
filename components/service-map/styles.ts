import type { StylesheetJson } from 'cytoscape';
import { LABEL_FONT_PX } from './layout-positions';

/**
 * The map's look (every mark here is in the legend, map-legend.tsx: keep them in step). Nodes are cards with their name inside
 * (readable at fit, never crossed by an edge); the card's shape says the kind: workloads rounded boxes, world and
 * DNS names hexagons, the host and other nodes barrels, the kube-apiserver a cut box; peers of other namespaces
 * are dashed. Edges: forwarded green, dropped red with a tee, AUDIT amber AND dashed with a diamond marker, so
 * AUDIT reads without colour (cilium/hubble-ui#459); other verdicts grey. A node with AUDIT traffic has a thick
 * amber double border (the overview's "ring"); the selection is outlined in sky blue.
 */
export const MAP_STYLES: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': LABEL_FONT_PX,
      'text-valign': 'center',
      'text-halign': 'center',
      color: '#0f172a',
      'background-color': '#e2e8f0',
      'border-width': 1.5,
      'border-color': '#64748b',
      shape: 'round-rectangle',
      width: 'data(width)',
      height: 'data(height)',
      // Names are skipped below 5 px on screen (a big map at fit): unreadable there, and a cost on every redraw.
      'min-zoomed-font-size': 5,
    },
  },
  { selector: 'node.kind-workload', style: { 'background-color': '#dbeafe', 'border-color': '#1d4ed8' } },
  { selector: 'node.external', style: { 'background-color': '#f1f5f9', 'border-style': 'dashed' } },
  { selector: 'node.kind-world, node.kind-fqdn', style: { shape: 'hexagon', 'background-color': '#ede9fe', 'border-color': '#6d28d9' } },
  { selector: 'node.kind-host, node.kind-remote-node, node.kind-health', style: { shape: 'barrel', 'background-color': '#fef9c3', 'border-color': '#a16207' } },
  { selector: 'node.kind-kube-apiserver', style: { shape: 'cut-rectangle', 'background-color': '#fee2e2', 'border-color': '#b91c1c' } },
  { selector: 'node.kind-ingress', style: { shape: 'rhomboid' } },
  { selector: 'node.has-audit', style: { 'border-color': '#d97706', 'border-width': 4, 'border-style': 'double' } },
  { selector: 'node.match', style: { 'border-width': 4, 'border-color': '#0ea5e9' } },
  { selector: 'node.dim', style: { opacity: 0.25 } },
  { selector: 'node:selected', style: { 'underlay-color': '#0ea5e9', 'underlay-opacity': 0.35, 'underlay-padding': 6, 'border-color': '#0369a1', 'border-width': 3 } },
  // Only what every edge needs: each property a selector sets costs cytoscape work per edge when it first styles
  // the map (a 2,100-edge map's first frame), even when it changes nothing (defaults such as 'arrow-scale': 1 are left out).
  { selector: 'edge', style: { width: 2, 'curve-style': 'straight', 'target-arrow-shape': 'triangle' } },
  // Label styling only where there is a label: a big map's edges have none until hovered (to-elements, bigMap).
  {
    selector: 'edge[?label]',
    style: {
      label: 'data(label)',
      'font-size': 12,
      // A big map zoomed out skips edge labels instead of drawing unreadable text (and saves frame time).
      'min-zoomed-font-size': 8,
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.9,
      'text-background-padding': '2px',
      color: '#334155',
    },
  },
  // Straight unless the reverse edge is drawn too (to-elements' markTwoWay): the same picture, far less work.
  { selector: 'edge[?twoWay]', style: { 'curve-style': 'bezier', 'control-point-step-size': 24 } },
  // A workload talking to itself: a loop big enough to clear its card.
  { selector: 'edge:loop', style: { 'curve-style': 'bezier', 'control-point-step-size': 70, 'loop-direction': '0deg', 'loop-sweep': '-60deg' } },
  { selector: 'edge.v-forwarded', style: { 'line-color': '#16a34a', 'target-arrow-color': '#16a34a' } },
  { selector: 'edge.v-dropped', style: { 'line-color': '#dc2626', 'target-arrow-color': '#dc2626', 'target-arrow-shape': 'tee' } },
  {
    selector: 'edge.v-audit',
    style: {
      'line-color': '#d97706',
      'target-arrow-color': '#d97706',
      'line-style': 'dashed',
      'line-dash-pattern': [7, 4],
      width: 3,
      'mid-target-arrow-shape': 'diamond',
      'mid-target-arrow-color': '#d97706',
      'mid-target-arrow-fill': 'hollow',
    },
  },
  { selector: 'edge.v-audit[?label]', style: { color: '#92400e', 'font-weight': 'bold' } },
  // A big map is fitted far out (300 cards: a zoom near 0.05): 7-4 dashes would be under a pixel there, a grey
  // smear that costs the rasterizer most of a redraw (one segment each). Dashes 60-30 show as dashes at fit and
  // take a tenth of the segments.
  { selector: 'edge.v-audit[?bigMap]', style: { 'line-dash-pattern': [60, 30] } },
  { selector: 'edge.v-other', style: { 'line-color': '#94a3b8', 'target-arrow-color': '#94a3b8' } },
  // A connection of a finding held for review (triage): a red outline under the verdict's line.
  { selector: 'edge.held', style: { 'underlay-color': '#dc2626', 'underlay-opacity': 0.35, 'underlay-padding': 4 } },
  { selector: 'edge:selected', style: { width: 6, 'underlay-color': '#0ea5e9', 'underlay-opacity': 0.45, 'underlay-padding': 5, 'z-index': 10 } },
];

/**
 * Below this zoom a big map (more than BIG_MAP_EDGES edges: to-elements' `bigMap`) is seen from far out: an arrow
 * head there is under two pixels, a diamond under one.
 */
export const FAR_ZOOM = 0.3;

/**
 * A big map seen from far out: edges without arrow heads, drawn to the cards' centres (haystack, under the cards)
 * instead of to their borders. The picture is the same at that zoom, and the first frame of a 2,100-edge map costs
 * about a third less (no endpoint or arrow geometry per edge). AUDIT edges stay straight and dashed, so AUDIT still
 * reads without colour; loops keep their curve. Zooming in past FAR_ZOOM brings the arrows back (service-map.tsx).
 */
const FAR_EDGE_STYLES: StylesheetJson = [
  { selector: 'edge[?bigMap]:simple', style: { 'curve-style': 'haystack', 'haystack-radius': 0, 'target-arrow-shape': 'none', 'mid-target-arrow-shape': 'none' } },
  { selector: 'edge.v-audit[?bigMap]:simple', style: { 'curve-style': 'straight' } },
];

/** The map's stylesheet, from far out (see FAR_EDGE_STYLES) or not. */
export function mapStyles(far: boolean): StylesheetJson {
  return far ? [...MAP_STYLES, ...FAR_EDGE_STYLES] : MAP_STYLES;
}
