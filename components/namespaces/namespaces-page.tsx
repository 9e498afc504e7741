'use client';

import { useLiveOverview } from '../status/live-overview-provider';
import { NamespaceList } from './namespace-list';
import { OverviewMap } from '../service-map/overview-map';

/** The home page: every namespace with live verdict counters. */
export function NamespacesPage() {
  const live = useLiveOverview();
  return (
    <>
      <NamespaceList namespaces={live.namespaces} />
      <OverviewMap />
    </>
  );
}
