'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import type { NamespaceSummary } from '@/lib/live/types';
import { VerdictBadge } from '../ui/verdict-badge';
import { formatAgo, formatCount } from '../ui/format';

/** Every namespace with its live verdict counters; AUDIT first-class (namespaces with AUDIT sort first). */
export function NamespaceList({ namespaces }: { namespaces: NamespaceSummary[] | undefined }) {
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const list = (namespaces ?? []).filter((n) => n.name.includes(query.trim().toLowerCase()));
    return list.sort((a, b) => (b.verdicts.AUDIT ?? 0) - (a.verdicts.AUDIT ?? 0) || a.name.localeCompare(b.name));
  }, [namespaces, query]);
  if (!namespaces) return <p className="text-slate-500">Loading namespaces…</p>;
  return (
    <section aria-labelledby="ns-heading">
      <div className="mb-3 flex items-center gap-3">
        <h2 id="ns-heading" className="text-lg font-semibold">Namespaces</h2>
        <input
          type="search"
          placeholder="Filter namespaces"
          aria-label="Filter namespaces"
          className="rounded border border-slate-300 px-2 py-1 text-sm"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <span className="text-sm text-slate-500">{namespaces.length} seen</span>
      </div>
      {namespaces.length === 0 && <p className="text-slate-500">No flows yet. Namespaces appear as soon as the relay sends flows.</p>}
      <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {shown.map((ns) => (
          <li key={ns.name} data-testid={`namespace-${ns.name}`}>
            <Link
              href={`/namespaces/${encodeURIComponent(ns.name)}`}
              className={`block rounded-lg border bg-white p-3 shadow-sm hover:border-slate-400 ${ns.verdicts.AUDIT ? 'border-amber-400' : 'border-slate-200'}`}
            >
              <div className="flex items-baseline justify-between">
                <span className="font-medium">{ns.name}</span>
                {/* The HTML was rendered a moment earlier: "ago" may differ by a second at hydration. */}
                <span className="text-xs text-slate-500" suppressHydrationWarning>{formatCount(ns.flows)} flows · {formatAgo(ns.lastSeen)}</span>
              </div>
              <div className="mt-2 flex flex-wrap gap-1.5">
                <VerdictBadge verdict="FORWARDED" count={ns.verdicts.FORWARDED ?? 0} />
                <VerdictBadge verdict="DROPPED" count={ns.verdicts.DROPPED ?? 0} />
                <VerdictBadge verdict="AUDIT" count={ns.verdicts.AUDIT ?? 0} />
              </div>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
