'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { Flow } from '@/lib/flow/flow';
import type { GraphEdge } from '@/lib/graph/graph';
import type { NamespaceGraph, NamespaceGraphNode } from '@/lib/graph/namespace-graph';
import { describeDestination, describeSource } from '@/lib/flow/describe';
import { VerdictBadge } from '../ui/verdict-badge';
import { getJson } from '../ui/fetch-json';
import { formatDateTime, formatTime } from '../ui/format';
import type { MapSelection } from './service-map';

/** Details of the selected node or edge: verdicts, labels, first/last seen, its flows, a link to the flow table. */
export function MapSidePanel({ graph, selection, onSelect, onClose }: { graph: NamespaceGraph; selection: MapSelection; onSelect(selection: MapSelection): void; onClose(): void }) {
  if (!selection) return null;
  const node = selection.group === 'nodes' ? graph.nodes.find((n) => n.id === selection.id) : undefined;
  const edge = selection.group === 'edges' ? graph.edges.find((e) => e.id === selection.id) : undefined;
  if (!node && !edge) return null;
  return (
    <aside aria-label="Map selection" data-testid="map-side-panel" className="max-h-[600px] min-w-0 overflow-auto break-words rounded-lg border border-slate-200 bg-white p-3 text-xs">
      <div className="mb-2 flex justify-between">
        <h3 className="text-sm font-semibold">{node ? node.label : `${label(graph, edge!.source)} → ${label(graph, edge!.target)}`}</h3>
        <button type="button" onClick={onClose} aria-label="Close selection">✕</button>
      </div>
      {node && <NodeDetails node={node} namespace={graph.namespace} />}
      {edge && <EdgeDetails edge={edge} graph={graph} />}
      {edge && <OtherPorts edge={edge} graph={graph} onSelect={onSelect} />}
    </aside>
  );
}

function label(graph: NamespaceGraph, id: string): string {
  const n = graph.nodes.find((x) => x.id === id);
  return n ? (n.namespace && n.namespace !== graph.namespace ? `${n.namespace}/${n.label}` : n.label) : id;
}

function NodeDetails({ node, namespace }: { node: NamespaceGraphNode; namespace: string }) {
  return (
    <div className="space-y-1">
      <p>kind <strong>{node.kind}</strong>{node.namespace && <> · namespace {node.namespace}</>} · {node.pods} pods seen</p>
      <p>first seen {formatDateTime(node.firstSeen)} · last seen {formatDateTime(node.lastSeen)}</p>
      <ul className="font-mono">{node.labels.map((l) => <li key={l}>{l}</li>)}</ul>
      <Link className="text-sky-700 underline" href={`/namespaces/${namespace}?tab=flows&q=${encodeURIComponent(node.label)}`}>Flows of {node.label}</Link>
    </div>
  );
}

/** How often an open side panel asks again for its edge's recent flows. */
const EDGE_FLOWS_REFRESH_MS = 5000;

function EdgeDetails({ edge, graph }: { edge: GraphEdge; graph: NamespaceGraph }) {
  // The live map carries no flow uuids (they changed every second on every busy edge): the panel asks for them.
  const recent = useQuery({
    queryKey: ['edge-flows', graph.namespace, edge.id],
    queryFn: () => getJson<{ recorded: number; flows: Flow[] }>(`/api/namespaces/${encodeURIComponent(graph.namespace)}/edges/flows?id=${encodeURIComponent(edge.id)}`, 'loading the edge\'s flows'),
    refetchInterval: EDGE_FLOWS_REFRESH_MS,
  });
  const edgeFlows = recent.data?.flows ?? [];
  const target = graph.nodes.find((n) => n.id === edge.target);
  const query = `${target?.label ?? ''}`;
  return (
    <div className="space-y-2">
      <p className="font-mono">{edge.port ? `${edge.port}/${edge.protocol}` : edge.protocol}</p>
      <div className="flex flex-wrap gap-1">
        {Object.entries(edge.verdicts).map(([v, n]) => <VerdictBadge key={v} verdict={v as Flow['verdict']} count={n ?? 0} />)}
      </div>
      {edge.auditDirections.length > 0 && (
        <p className="rounded bg-amber-50 p-2 text-amber-900">
          AUDIT reported by the {edge.auditDirections.map((d) => d.toLowerCase()).join(' and ')} policy: this connection would be dropped when the policy is enforced.
        </p>
      )}
      <p>first seen {formatDateTime(edge.firstSeen)} · last seen {formatDateTime(edge.lastSeen)}</p>
      <h4 className="font-semibold">Recent flows</h4>
      <ul data-testid="edge-flows" className="space-y-0.5">
        {edgeFlows.slice(0, 10).map((f) => (
          <li key={f.uuid} data-testid="edge-flow" data-verdict={f.verdict} className="font-mono">{formatTime(f.time)} {describeSource(f)} → {describeDestination(f)} <VerdictBadge verdict={f.verdict} /></li>
        ))}
        {recent.isPending && <li className="text-slate-500">Loading the flows…</li>}
        {recent.isError && <li className="text-red-700">The flows could not be loaded.</li>}
        {recent.data && edgeFlows.length === 0 && <li className="text-slate-500">{recent.data.recorded} flows recorded; open the flow table to see them.</li>}
      </ul>
      <Link className="text-sky-700 underline" href={`/namespaces/${graph.namespace}?tab=flows&q=${encodeURIComponent(query)}${edge.verdicts.AUDIT ? '&verdict=AUDIT' : ''}`}>
        Open in the flow table
      </Link>
    </div>
  );
}

/** The other ports between the same two peers (drawn as one edge on the map). */
function OtherPorts({ edge, graph, onSelect }: { edge: GraphEdge; graph: NamespaceGraph; onSelect(selection: MapSelection): void }) {
  const others = graph.edges.filter((e) => e.source === edge.source && e.target === edge.target && e.id !== edge.id);
  if (others.length === 0) return null;
  return (
    <div className="mt-2">
      <h4 className="font-semibold">Other ports between these peers</h4>
      <ul className="flex flex-wrap gap-1">
        {others.map((e) => (
          <li key={e.id}>
            <button type="button" className="rounded border border-slate-300 px-1 font-mono hover:bg-slate-100" onClick={() => onSelect({ group: 'edges', id: e.id })}>
              {e.port ? `${e.port}/${e.protocol}` : e.protocol}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
