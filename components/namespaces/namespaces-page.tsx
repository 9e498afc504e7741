'use client';

import type { OverviewGraph } from '@/lib/graph/overview';
import type { NamespaceSummary } from '@/lib/live/types';
import { useLiveOverview } from '../status/live-overview-provider';
import { NamespaceList } from './namespace-list';
import { OverviewMap } from '../service-map/overview-map';

/** The home page: every namespace with live verdict counters (first from the HTML, then live). */
export function NamespacesPage({ initialNamespaces, initialOverview }: { initialNamespaces?: NamespaceSummary[]; initialOverview?: OverviewGraph }) {
  const live = useLiveOverview();
  return (
    <>
      <NamespaceList namespaces={live.namespaces ?? initialNamespaces} />
      <OverviewMap initialData={initialOverview} />
    </>
  );
}
