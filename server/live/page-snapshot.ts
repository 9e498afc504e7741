import 'server-only';
import { withoutRecentFlows } from '@/lib/graph/live-graph-delta';
import type { NamespaceGraph } from '@/lib/graph/namespace-graph';
import type { OverviewGraph } from '@/lib/graph/overview';
import type { NamespaceSummary } from '@/lib/live/types';
import { getContainer } from '../container';

/** What a page renders with its HTML, so content shows before hydration and the first live batch (issue #14). */
export interface PageSnapshot {
  namespaces: NamespaceSummary[];
  overview(): OverviewGraph;
  namespaceGraph(namespace: string): NamespaceGraph;
}

/**
 * The live state for a page render, under the same identity check as the API (proxy mode); undefined when the
 * caller may not see it or the server is not ready: the page then fills from the live stream as before.
 */
export async function pageSnapshot(requestHeaders: Headers): Promise<PageSnapshot | undefined> {
  try {
    const c = await getContainer();
    c.auth.identify(new Request('http://lockstep.invalid/', { headers: requestHeaders }));
    return {
      namespaces: c.hub.namespaceSummaries(),
      overview: () => c.graph.overview('1h'),
      // As the live feed sends it: without the edges' flow uuids (20 per edge, the side panel asks for them).
      namespaceGraph: (namespace) => {
        const graph = c.graph.namespaceGraph(namespace, '1h');
        return { ...graph, edges: graph.edges.map(withoutRecentFlows) };
      },
    };
  } catch {
    return undefined;
  }
}
