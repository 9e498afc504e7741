import 'server-only';
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
      namespaceGraph: (namespace) => c.graph.namespaceGraph(namespace, '1h'),
    };
  } catch {
    return undefined;
  }
}
