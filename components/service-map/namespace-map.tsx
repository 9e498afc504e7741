'use client';

import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { unpackNamespaceGraph, type PackedNamespaceGraph } from '@/lib/graph/packed-graph';
import type { GraphWindow } from '@/lib/graph/windowed-graph';
import { useLiveStream } from '../hooks/use-live-stream';
import { ConnectionDot } from '../ui/connection-dot';
import { getJson } from '../ui/fetch-json';
import { MapControls, MapLegend } from './map-controls';
import { MapSidePanel } from './map-side-panel';
import { EdgeList } from './edge-list';
import { heldEdgeIds, type HeldFindingLike } from './held-edges';
import { ServiceMap, type MapSelection, type ServiceMapHandle } from './service-map';
import { DEFAULT_MAP_FILTERS, edgeHoverLabel, pairEdgeId, toElements, type MapFilters } from './to-elements';

const NO_HELD: ReadonlySet<string> = new Set();

/**
 * The live service map of one namespace. `initialGraph` (the last hour's map rendered with the page, packed) is drawn
 * at once; the live stream's snapshot and deltas take over when they arrive.
 */
export function NamespaceMap({ namespace, initialGraph }: { namespace: string; initialGraph?: PackedNamespaceGraph }) {
  const [window, setWindow] = useState<GraphWindow>('1h');
  const [filters, setFilters] = useState<MapFilters>(DEFAULT_MAP_FILTERS);
  const [selection, setSelection] = useState<MapSelection>();
  const map = useRef<ServiceMapHandle>(null);
  // The map takes no flow events: the side panel asks for an edge's recent flows when it shows them.
  const live = useLiveStream({ graph: { namespace, window } });
  const pageGraph = useMemo(() => (initialGraph ? unpackNamespaceGraph(initialGraph) : undefined), [initialGraph]);
  const graph = live.graph ?? (window === '1h' && pageGraph?.namespace === namespace ? pageGraph : undefined);
  // Edges of findings held for review are marked (under the 'analysis' key: a review decision refreshes it), and
  // re-read while the map is open: a finding can become held as its flows come in (a beacon is held once its
  // periodic timing shows). Asked for once the map is drawn: the marks can wait, the first frame cannot, and the
  // request (20-40 ms of the server's main thread on the demo) would otherwise run while the page loads.
  const [drawn, setDrawn] = useState(false);
  const onDrawn = useCallback(() => setDrawn(true), []);
  const findings = useQuery({
    enabled: drawn,
    queryKey: ['analysis', 'held-edges', namespace],
    queryFn: async () => (await getJson<{ findings: HeldFindingLike[] }>(`/api/namespaces/${encodeURIComponent(namespace)}/findings?held=1`, 'loading the findings')).findings,
    refetchInterval: 15_000,
  });
  const held = useMemo(() => (findings.data && graph ? heldEdgeIds(findings.data, graph) : NO_HELD), [findings.data, graph]);
  const elements = useMemo(() => (graph ? toElements(graph, filters, held) : []), [graph, filters, held]);
  // The live feed's first snapshot replaces the page's at once (a big map otherwise takes edge changes at most
  // every 2 s, and the snapshot may carry edges the page's did not).
  const fromLive = live.graph !== undefined;
  const viewKey = useMemo(() => JSON.stringify([filters, window, fromLive]), [filters, window, fromLive]);
  const graphRef = useRef(graph);
  useEffect(() => {
    graphRef.current = graph;
  });
  // A drawn edge carries every port between two peers: hover shows each port's counts.
  const hoverLabel = useCallback((id: string) => {
    const edges = graphRef.current?.edges.filter((e) => pairEdgeId(e.source, e.target) === id) ?? [];
    return edges.length ? edges.map(edgeHoverLabel).join('\n') : undefined;
  }, []);
  // Clicking a drawn edge selects its most telling port (AUDIT first); the side panel lists the others.
  const onMapSelect = useCallback((s: MapSelection) => {
    if (s?.group !== 'edges') return setSelection(s);
    const members = String(elements.find((e) => e.data.id === s.id)?.data.members ?? '').split('\n').filter(Boolean);
    setSelection(members[0] ? { group: 'edges', id: members[0] } : undefined);
  }, [elements]);
  const selectedEdge = selection?.group === 'edges' ? graph?.edges.find((e) => e.id === selection.id) : undefined;
  const highlighted = selectedEdge ? pairEdgeId(selectedEdge.source, selectedEdge.target) : selection?.group === 'nodes' ? selection.id : undefined;
  const selectEdge = useCallback((id: string) => setSelection({ group: 'edges', id }), []);
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
      {/* minmax(0, 1fr): the canvas column may shrink, so the side panel stays inside the window. */}
      <div className={`grid gap-3 ${selection ? 'grid-cols-[minmax(0,1fr)_22rem]' : 'grid-cols-[minmax(0,1fr)]'}`}>
        <ServiceMap ref={map} elements={elements} onSelect={onMapSelect} namespace={namespace} hoverLabel={hoverLabel} selected={highlighted} viewKey={viewKey} onDrawn={onDrawn} label={`Service map of namespace ${namespace}`} />
        {graph && <MapSidePanel graph={graph} selection={selection} onSelect={setSelection} onClose={() => setSelection(undefined)} />}
      </div>
      <MapLegend />
      {graph && <EdgeList graph={graph} held={held} selected={selection?.group === 'edges' ? selection.id : undefined} onSelect={selectEdge} />}
    </div>
  );
}
