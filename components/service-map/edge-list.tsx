'use client';

import { memo, useState } from 'react';
import type { NamespaceGraph } from '@/lib/graph/namespace-graph';
import { edgeVerdictClass } from './to-elements';

const ORDER = { audit: 0, dropped: 1, forwarded: 2, other: 3 } as const;

/**
 * The map's edges as a list, AUDIT first: the accessible twin of the canvas (keyboard and screen readers), and a
 * quick way to find the connections that would break under enforcement.
 */
export const EdgeList = memo(function EdgeList({ graph, held, selected, onSelect }: { graph: NamespaceGraph; held: ReadonlySet<string>; selected: string | undefined; onSelect(id: string): void }) {
  // Rows are rendered only while the list is open: a 2,000-edge map would otherwise re-render them on every delta.
  const [open, setOpen] = useState(graph.edges.length <= 40);
  // Closed, it sorts nothing either (a big map's graph changes every second).
  const names = open ? new Map(graph.nodes.map((n) => [n.id, n.namespace && n.namespace !== graph.namespace ? `${n.namespace}/${n.label}` : n.label])) : new Map<string, string>();
  const edges = open ? [...graph.edges].sort((a, b) => ORDER[edgeVerdictClass(a)] - ORDER[edgeVerdictClass(b)] || a.id.localeCompare(b.id)) : [];
  return (
    <details className="mt-3 rounded-lg border border-slate-200 bg-white" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium">Connections ({graph.edges.length})</summary>
      <ul className="max-h-72 overflow-auto px-3 pb-2 text-xs" data-testid="edge-list">
        {edges.map((e) => {
          const cls = edgeVerdictClass(e);
          return (
            <li key={e.id}>
              <button
                type="button"
                data-testid="edge-item"
                data-edge-id={e.id}
                data-verdict={cls}
                data-held={held.has(e.id) || undefined}
                aria-pressed={selected === e.id}
                onClick={() => onSelect(e.id)}
                className={`w-full rounded px-1 py-0.5 text-left hover:bg-slate-100 ${selected === e.id ? 'bg-sky-50' : ''}`}
              >
                <span className={cls === 'audit' ? 'font-semibold text-amber-800' : cls === 'dropped' ? 'text-red-700' : 'text-green-800'}>{cls === 'audit' ? '⚠ AUDIT' : cls === 'dropped' ? '✕ dropped' : '✓ forwarded'}</span>{' '}
                {names.get(e.source) ?? e.source} → {names.get(e.target) ?? e.target} <span className="font-mono">{e.port ? `${e.port}/${e.protocol}` : e.protocol}</span>
                {held.has(e.id) && <span className="ml-1 rounded bg-red-50 px-1 text-red-800">held for review</span>}
              </button>
            </li>
          );
        })}
      </ul>
    </details>
  );
});
