import 'server-only';
import type { Flow } from '@/lib/flow/flow';
import { applyFlows } from '@/lib/graph/aggregate';
import { edgeView } from '@/lib/graph/graph-snapshot';
import { liveGraphDelta, withoutRecentFlows } from '@/lib/graph/live-graph-delta';
import { isEmptyGraphDelta, type GraphDelta } from '@/lib/graph/graph';
import { namespaceGraph, type NamespaceGraph } from '@/lib/graph/namespace-graph';
import { overviewGraph, type OverviewGraph } from '@/lib/graph/overview';
import type { ServiceGraph } from '@/lib/graph/service-graph';
import { createWindowedGraph, snapshot, type GraphWindow } from '@/lib/graph/windowed-graph';
import type { FlowHub } from './flow-hub';
import type { MetricsRegistry } from '../metrics';
import type { LiveExtra } from './sse-stream';

/** How often the live feed sends count-only changes (connections per verdict, last seen, pods) of a map. */
export const GRAPH_COUNTS_EVERY_MS = 10_000;

/** An edge's recent flows, for the map's side panel (newest first). */
export interface EdgeFlows {
  edge: string;
  /** Uuids of the edge's recent flows the graph keeps (some may have left the namespace's flow buffer). */
  recorded: number;
  flows: Flow[];
}

/** One `graph` SSE event: a map's first snapshot or a later delta. */
export type GraphFeedMessage = { namespace: string; window: GraphWindow } & ({ snapshot: NamespaceGraph } | { delta: GraphDelta });

/**
 * Keeps the service graph from the live stream: flows are buffered and applied in batches (every `batchMs`), so
 * a burst of thousands of flows costs one aggregation pass. The graph bounds its own memory (per-namespace caps
 * with eviction, counted in /metrics).
 */
export class GraphService {
  // The server runs for weeks: its connection tracker takes its full (bounded) size at start, so memory does not
  // creep up as a busy cluster's connections fill it.
  readonly graph: ServiceGraph = createWindowedGraph({ preallocateConnections: true });
  private pending: Flow[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private evictedReported = 0;

  constructor(
    private readonly hub: FlowHub,
    private readonly metrics: MetricsRegistry,
    batchMs = 100,
  ) {
    this.unsubscribe = hub.subscribe({ namespace: '*', onFlow: (entry) => this.pending.push(entry.flow) });
    this.timer = setInterval(() => this.flush(), batchMs);
    this.timer.unref?.();
  }

  /** Applies buffered flows now. */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    applyFlows(this.graph, batch);
    const evicted = this.graph.evicted.nodes + this.graph.evicted.edges;
    if (evicted > this.evictedReported) {
      this.metrics.inc('lockstep_graph_evicted_total', evicted - this.evictedReported);
      this.evictedReported = evicted;
    }
  }

  namespaceGraph(namespace: string, window: GraphWindow, now = Date.now()): NamespaceGraph {
    this.flush();
    return namespaceGraph(snapshot(this.graph, window, now), namespace);
  }

  overview(window: GraphWindow, now = Date.now()): OverviewGraph {
    this.flush();
    return overviewGraph(snapshot(this.graph, window, now));
  }

  /**
   * The recent flows of one edge of a namespace's map, newest first (at most `limit`): the uuids the graph keeps
   * for the edge, found in the namespace's flow buffer. Undefined when the namespace has no such edge.
   */
  edgeFlows(namespace: string, edgeId: string, limit = 20): EdgeFlows | undefined {
    this.flush();
    const edge = this.graph.edges.get(edgeId);
    if (!edge || edge.removed || (edge.source.namespace !== namespace && edge.target.namespace !== namespace)) return undefined;
    const uuids = new Set(edgeView(edge).recentFlows);
    const flows: Flow[] = [];
    const buffered = this.hub.recentFlows(namespace).flows;
    for (let i = buffered.length - 1; i >= 0 && flows.length < limit; i--) if (uuids.has(buffered[i].flow.uuid)) flows.push(buffered[i].flow);
    return { edge: edgeId, recorded: uuids.size, flows };
  }

  /**
   * A live feed of one namespace's map for an SSE client: the first message is the whole graph
   * (`{namespace, window, snapshot}`), later ones are deltas (`{namespace, window, delta}`) computed once a second
   * against what this client has (see {@link liveGraphDelta}): what changes the drawing at once, count-only
   * changes every `countsEveryMs`. Edges go without their recent flows' uuids (see {@link edgeFlows}). The
   * namespace and window say which map, as one stream may carry several.
   */
  liveFeed(namespace: string, window: GraphWindow, countsEveryMs = GRAPH_COUNTS_EVERY_MS): LiveExtra {
    let sent: NamespaceGraph | undefined;
    let ticks = 0;
    let countsSentAt = 0;
    return {
      event: 'graph',
      poll: (): GraphFeedMessage | undefined => {
        if (sent && ticks++ % 10 !== 0) return undefined;
        const now = Date.now();
        const next = this.namespaceGraph(namespace, window, now);
        if (!sent) {
          sent = next;
          countsSentAt = now;
          return { namespace, window, snapshot: { ...next, edges: next.edges.map(withoutRecentFlows) } };
        }
        const countsDue = now - countsSentAt >= countsEveryMs;
        if (countsDue) countsSentAt = now;
        const result = liveGraphDelta(sent, next, { countsDue });
        sent = result.sent;
        return isEmptyGraphDelta(result.delta) ? undefined : { namespace, window, delta: result.delta };
      },
    };
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe();
  }
}
