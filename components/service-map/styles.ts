import type { StylesheetJson } from 'cytoscape';

/**
 * The map's look. Edges: forwarded green, dropped red, AUDIT amber AND dashed with a diamond marker, so AUDIT
 * reads without colour (cilium/hubble-ui#459). Node shapes say the kind: workloads are rounded boxes, world and
 * DNS names hexagons, the host a diamond, the kube-apiserver a star.
 */
export const MAP_STYLES: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': 11,
      'text-valign': 'bottom',
      'text-margin-y': 4,
      color: '#0f172a',
      'background-color': '#e2e8f0',
      'border-width': 1.5,
      'border-color': '#64748b',
      shape: 'round-rectangle',
      width: 34,
      height: 34,
    },
  },
  { selector: 'node.kind-workload', style: { 'background-color': '#dbeafe', 'border-color': '#1d4ed8' } },
  { selector: 'node.external', style: { 'background-color': '#f1f5f9', 'border-style': 'dashed' } },
  { selector: 'node.kind-world, node.kind-fqdn', style: { shape: 'hexagon', 'background-color': '#ede9fe', 'border-color': '#6d28d9' } },
  { selector: 'node.kind-host, node.kind-remote-node, node.kind-health', style: { shape: 'diamond', 'background-color': '#fef9c3', 'border-color': '#a16207' } },
  { selector: 'node.kind-kube-apiserver', style: { shape: 'star', 'background-color': '#fee2e2', 'border-color': '#b91c1c' } },
  { selector: 'node.kind-ingress', style: { shape: 'triangle' } },
  {
    selector: 'node.ns-box',
    style: {
      shape: 'round-rectangle',
      'background-opacity': 0.04,
      'background-color': '#0f172a',
      'border-color': '#94a3b8',
      'border-style': 'dashed',
      'text-valign': 'top',
      'text-halign': 'center',
      'font-weight': 'bold',
      'font-size': 12,
      padding: '18px',
    },
  },
  { selector: 'node.ns-box.own', style: { 'border-style': 'solid', 'border-color': '#1e293b', 'border-width': 2 } },
  { selector: 'node.has-audit', style: { 'border-color': '#d97706', 'border-width': 3, 'border-style': 'double' } },
  { selector: 'node.match', style: { 'border-width': 4, 'border-color': '#0ea5e9' } },
  { selector: 'node.dim', style: { opacity: 0.25 } },
  { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#0f172a' } },
  {
    selector: 'edge',
    style: {
      width: 2,
      'curve-style': 'bezier',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.9,
      label: 'data(label)',
      'font-size': 9,
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
      color: '#334155',
    },
  },
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
      color: '#92400e',
      'font-weight': 'bold',
    },
  },
  { selector: 'edge.v-other', style: { 'line-color': '#94a3b8', 'target-arrow-color': '#94a3b8' } },
  { selector: 'edge:selected', style: { width: 5, 'overlay-opacity': 0.12 } },
];
