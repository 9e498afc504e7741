import { VERDICTS } from '../flow/flow';
import { HOUR_MS, MINUTE_MS, sumBuckets } from './edge-buckets';
import { edgeView, edgeViewWith, graphSnapshot, nodeView } from './graph-snapshot';
import { compareById, type GraphEdge, type GraphNode, type GraphSnapshot } from './graph';
import { createServiceGraph, type NodeState, type ServiceGraph, type ServiceGraphOptions } from './service-graph';

/** The time windows the map offers: the last 15 minutes, hour, day, or everything since the server started. */
export type GraphWindow = '15m' | '1h' | '24h' | 'all';

/** Every {@link GraphWindow}, shortest first. */
export const GRAPH_WINDOWS: readonly GraphWindow[] = Object.freeze(['15m', '1h', '24h', 'all']);

/** Length of each bounded window in ms. */
export const WINDOW_MS: Readonly<Record<Exclude<GraphWindow, 'all'>, number>> = Object.freeze({
  '15m': 15 * MINUTE_MS,
  '1h': HOUR_MS,
  '24h': 24 * HOUR_MS,
});

/** True when `value` names a {@link GraphWindow} (for parsing `?window=`). */
export function isGraphWindow(value: unknown): value is GraphWindow {
  return typeof value === 'string' && (GRAPH_WINDOWS as readonly string[]).includes(value);
}

/**
 * A service graph that keeps per-edge minute and hour counters, so {@link snapshot} can answer every window from
 * one structure: exact to a minute for 15m and 1h, to an hour for 24h. Feed it with `applyFlows` like any
 * {@link ServiceGraph}; memory stays bounded by the per-namespace caps (about 3 KB of counters per edge).
 * Options: those of `createServiceGraph` (`buckets` is forced on).
 */
export function createWindowedGraph(options: Omit<ServiceGraphOptions, 'buckets'> = {}): ServiceGraph {
  return createServiceGraph({ ...options, buckets: true });
}

/**
 * The graph as seen in `window` ending at `now` (ms since the epoch): edges seen since `now - window` with the
 * connections counted in that window, and their nodes. `firstSeen`/`lastSeen` stay the edge's own (since start).
 * An edge seen in the window only through later events of older connections (a long-lived connection's traces)
 * is included with empty `verdicts`. `'all'` is the cumulative graph. On a graph created without buckets, windows
 * only filter by last seen and keep cumulative counts.
 */
export function snapshot(graph: ServiceGraph, window: GraphWindow, now: number): GraphSnapshot {
  if (window === 'all') return graphSnapshot(graph);
  const since = now - WINDOW_MS[window];
  const counts = new Float64Array(VERDICTS.length);
  const edges: GraphEdge[] = [];
  const included = new Set<NodeState>();
  for (const edge of graph.edges.values()) {
    if (edge.lastSeen < since) continue;
    if (edge.buckets === undefined) edges.push(edgeView(edge));
    else edges.push(edgeViewWith(edge, counts, sumBuckets(edge.buckets, since, now, counts)));
    included.add(edge.source);
    included.add(edge.target);
  }
  const nodes: GraphNode[] = [];
  for (const node of included) nodes.push(nodeView(node));
  return { nodes: nodes.sort(compareById), edges: edges.sort(compareById) };
}
