'use client';

import Link from 'next/link';
import type { Verdict } from '@/lib/flow/flow';
import type { PackedNamespaceGraph } from '@/lib/graph/packed-graph';
import type { NamespaceSummary } from '@/lib/live/types';
import { VERDICTS } from '@/lib/flow/flow';
import { NamespaceFlows } from '../flows/namespace-flows';
import { NamespaceMap } from '../service-map/namespace-map';
import { FindingsTab } from '../findings/findings-tab';
import { ChecklistTab } from '../checklist/checklist-tab';
import { useLiveOverview } from '../status/live-overview-provider';
import { VerdictBadge } from '../ui/verdict-badge';

const TABS = [
  { id: 'flows', label: 'Flows' },
  { id: 'map', label: 'Map' },
  { id: 'findings', label: 'Findings' },
  { id: 'checklist', label: 'Checklist' },
] as const;

/** One namespace: its live counters and tabs. */
export function NamespaceView({ namespace, tab, q, verdict, initialGraph, initialSummary }: { namespace: string; tab?: string; q?: string; verdict?: string; initialGraph?: PackedNamespaceGraph; initialSummary?: NamespaceSummary }) {
  const live = useLiveOverview();
  const summary = live.namespaces ? live.namespaces.find((n) => n.name === namespace) : initialSummary;
  const current = TABS.find((t) => t.id === tab)?.id ?? 'flows';
  const initialVerdict = verdict && VERDICTS.includes(verdict as Verdict) ? (verdict as Verdict) : 'ALL';
  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">
          <Link href="/" className="text-slate-500 hover:underline">Namespaces</Link> / {namespace}
        </h1>
        <div className="flex gap-1.5" data-testid="namespace-counters">
          <VerdictBadge verdict="FORWARDED" count={summary?.verdicts.FORWARDED ?? 0} />
          <VerdictBadge verdict="DROPPED" count={summary?.verdicts.DROPPED ?? 0} />
          <VerdictBadge verdict="AUDIT" count={summary?.verdicts.AUDIT ?? 0} />
        </div>
      </div>
      <nav className="mb-3 flex gap-4 border-b border-slate-200 text-sm" aria-label="Namespace views">
        {TABS.map((t) => (
          <Link
            key={t.id}
            href={`/namespaces/${encodeURIComponent(namespace)}?tab=${t.id}`}
            aria-current={current === t.id ? 'page' : undefined}
            className={`-mb-px border-b-2 px-1 pb-2 ${current === t.id ? 'border-slate-900 font-medium' : 'border-transparent text-slate-500 hover:text-slate-900'}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {current === 'flows' && <NamespaceFlows key={`${q}|${verdict}`} namespace={namespace} initialText={q} initialVerdict={initialVerdict} />}
      {current === 'map' && <NamespaceMap namespace={namespace} initialGraph={initialGraph} />}
      {current === 'findings' && <FindingsTab namespace={namespace} />}
      {current === 'checklist' && <ChecklistTab namespace={namespace} />}
    </div>
  );
}
