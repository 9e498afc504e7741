'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GraphWindow } from '@/lib/graph/windowed-graph';
import { useLiveStream } from '../hooks/use-live-stream';
import { ConnectionDot } from '../ui/connection-dot';
import { MapControls, MapLegend } from './map-controls';
import { MapSidePanel } from './map-side-panel';
import { EdgeList } from './edge-list';
import { ServiceMap, type MapSelection, type ServiceMapHandle } from './service-map';
import { DEFAULT_MAP_FILTERS, edgeHoverLabel, toElements, type MapFilters } from './to-elements';

/** The live service map of one namespace. */
export function NamespaceMap({ namespace }: { namespace: string }) {
  const [window, setWindow] = useState<GraphWindow>('1h');
  const [filters, setFilters] = useState<MapFilters>(DEFAULT_MAP_FILTERS);
  const [selection, setSelection] = useState<MapSelection>();
  const map = useRef<ServiceMapHandle>(null);
  const live = useLiveStream({ flows: namespace, graph: { namespace, window } }, { capacity: 2000 });
  const graph = live.graph;
  const elements = useMemo(() => (graph ? toElements(graph, filters) : []), [graph, filters]);
  const graphRef = useRef(graph);
  useEffect(() => {
    graphRef.current = graph;
  });
  const hoverLabel = useCallback((id: string) => {
    const edge = graphRef.current?.edges.find((e) => e.id === id);
    return edge ? edgeHoverLabel(edge) : undefined;
  }, []);
  const exportPng = () => {
    const url = map.current?.png();
    if (!url) return;
    const a = document.createElement('a');
    a.href = url;
    a.download = `lockstep-${namespace}-map.png`;
    a.click();
  };
  return (
    <div>
      <div className="mb-2 flex items-center gap-3 text-xs text-slate-500">
        <ConnectionDot state={live.connection === 'open' ? 'ok' : 'warn'} label={live.connection === 'open' ? 'Live map' : 'Map stream reconnecting…'} />
        {graph && <span data-testid="map-counts">{graph.nodes.length} nodes · {graph.edges.length} edges</span>}
        {!graph && <span>Loading the map…</span>}
      </div>
      <MapControls
        window={window}
        onWindow={setWindow}
        filters={filters}
        onFilters={setFilters}
        onFit={() => map.current?.fit()}
        onRelayout={() => map.current?.relayout()}
        onExport={exportPng}
      />
      <div className={`grid gap-3 ${selection ? 'lg:grid-cols-[1fr_24rem]' : ''}`}>
        <ServiceMap ref={map} elements={elements} onSelect={setSelection} namespace={namespace} hoverLabel={hoverLabel} label={`Service map of namespace ${namespace}`} />
        {graph && <MapSidePanel graph={graph} selection={selection} flows={live.flows} onClose={() => setSelection(undefined)} />}
      </div>
      <MapLegend />
      {graph && <EdgeList graph={graph} selected={selection?.group === 'edges' ? selection.id : undefined} onSelect={(id) => setSelection({ group: 'edges', id })} />}
    </div>
  );
}
