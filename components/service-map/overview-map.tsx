'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useMemo, useRef } from 'react';
import type { OverviewGraph } from '@/lib/graph/overview';
import { MapLegend } from './map-controls';
import { getJson } from '../ui/fetch-json';
import { overviewElements } from './overview-elements';
import { ServiceMap, type ServiceMapHandle } from './service-map';

/** All namespaces at a glance: namespaces as nodes, the verdict mix between them as edges. Click opens one. */
export function OverviewMap({ initialData }: { initialData?: OverviewGraph }) {
  const router = useRouter();
  const map = useRef<ServiceMapHandle>(null);
  const query = useQuery({
    queryKey: ['overview-graph'],
    queryFn: () => getJson<OverviewGraph>('/api/graph?window=1h', 'loading the overview'),
    refetchInterval: 5_000,
    initialData,
  });
  const elements = useMemo(() => (query.data ? overviewElements(query.data) : []), [query.data]);
  return (
    <section aria-labelledby="overview-heading" className="mt-8">
      <div className="mb-2 flex items-center gap-3">
        <h2 id="overview-heading" className="text-lg font-semibold">All namespaces, last hour</h2>
        {query.isError && <span role="alert" className="text-sm text-red-700">{(query.error as Error).message}</span>}
        <button type="button" className="ml-auto rounded border border-slate-300 bg-white px-2 py-0.5 text-sm" onClick={() => map.current?.fit()}>Zoom to fit</button>
      </div>
      <ServiceMap
        ref={map}
        elements={elements}
        label="Overview of all namespaces"
        onSelect={(s) => {
          if (s?.group === 'nodes' && s.id.startsWith('namespace:')) router.push(`/namespaces/${encodeURIComponent(s.id.slice('namespace:'.length))}?tab=map`);
        }}
      />
      <MapLegend overview />
    </section>
  );
}
