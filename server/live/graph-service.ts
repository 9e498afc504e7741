import 'server-only';
import type { Flow } from '@/lib/flow/model';
import { applyFlows } from '@/lib/graph/aggregate';
import { diffGraphSnapshots } from '@/lib/graph/diff-graph-snapshots';
import { isEmptyGraphDelta, type GraphDelta } from '@/lib/graph/model';
import { namespaceGraph, type NamespaceGraph } from '@/lib/graph/namespace-graph';
import { overviewGraph, type OverviewGraph } from '@/lib/graph/overview';
import type { ServiceGraph } from '@/lib/graph/service-graph';
import { createWindowedGraph, snapshot, type GraphWindow } from '@/lib/graph/windowed-graph';
import type { FlowHub } from './flow-hub';
import type { MetricsRegistry } from '../metrics';
import type { LiveExtra } from './sse-stream';

/** One `graph` SSE event: a map's first snapshot or a later delta. */
export type GraphFeedMessage = { namespace: string; window: GraphWindow } & ({ snapshot: NamespaceGraph } | { delta: GraphDelta });

/**
 * Keeps the service graph from the live stream: flows are buffered and applied in batches (every `batchMs`), so
 * a burst of thousands of flows costs one aggregation pass. The graph bounds its own memory (per-namespace caps
 * with eviction, counted in /metrics).
 */
export class GraphService {
  readonly graph: ServiceGraph = createWindowedGraph();
  private pending: Flow[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private evictedReported = 0;

  constructor(
    hub: FlowHub,
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
   * A live feed of one namespace's map for an SSE client: the first message is the whole graph
   * (`{namespace, window, snapshot}`), later ones are deltas (`{namespace, window, delta}`) computed once a second
   * against what this client has. The namespace and window say which map, as one stream may carry several.
   */
  liveFeed(namespace: string, window: GraphWindow): LiveExtra {
    let sent: NamespaceGraph | undefined;
    let ticks = 0;
    return {
      event: 'graph',
      poll: (): GraphFeedMessage | undefined => {
        if (sent && ticks++ % 10 !== 0) return undefined;
        const next = this.namespaceGraph(namespace, window);
        if (!sent) {
          sent = next;
          return { namespace, window, snapshot: next };
        }
        const delta = diffGraphSnapshots(sent, next);
        sent = next;
        return isEmptyGraphDelta(delta) ? undefined : { namespace, window, delta };
      },
    };
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe();
  }
}
