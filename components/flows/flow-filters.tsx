'use client';

import type { Verdict } from '@/lib/flow/flow';
import { VerdictIcon } from '../ui/verdict-badge';
import { formatCount } from '../ui/format';

const OPTIONS: (Verdict | 'ALL')[] = ['ALL', 'AUDIT', 'DROPPED', 'FORWARDED'];

/** Verdict toggle and text search for the flow table. */
export function FlowFilters(props: {
  verdict: Verdict | 'ALL';
  onVerdict(v: Verdict | 'ALL'): void;
  text: string;
  onText(t: string): void;
  paused: boolean;
  onPause(p: boolean): void;
  shown: number;
  buffered: number;
  /** Set while a verdict filter asks the server. */
  server?: { loading: boolean; error: string | undefined };
  skipped: number;
}) {
  return (
    <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
      <div role="group" aria-label="Filter by verdict" className="inline-flex overflow-hidden rounded border border-slate-300">
        {OPTIONS.map((v) => (
          <button
            key={v}
            type="button"
            aria-pressed={props.verdict === v}
            onClick={() => props.onVerdict(v)}
            className={`inline-flex items-center gap-1 px-2.5 py-1 ${props.verdict === v ? 'bg-slate-800 text-white' : 'bg-white hover:bg-slate-100'} ${v === 'AUDIT' && props.verdict !== v ? 'text-amber-800' : ''}`}
          >
            {v !== 'ALL' && <VerdictIcon verdict={v} />}
            {v === 'ALL' ? 'All' : v}
          </button>
        ))}
      </div>
      <input
        type="search"
        aria-label="Search flows"
        placeholder="Search pods, labels, IPs, DNS names, ports…"
        className="min-w-64 flex-1 rounded border border-slate-300 px-2 py-1"
        value={props.text}
        onChange={(e) => props.onText(e.target.value)}
      />
      <button type="button" onClick={() => props.onPause(!props.paused)} className="rounded border border-slate-300 bg-white px-2.5 py-1 hover:bg-slate-100">
        {props.paused ? 'Resume' : 'Pause'}
      </button>
      <span className="text-slate-500" data-testid="flow-count">
        {props.server
          ? props.server.error
            ? <span className="text-red-700">The server could not filter: {props.server.error}</span>
            : props.server.loading
              ? `asking the server for ${props.verdict} flows…`
              : `${props.shown} ${props.verdict} flows shown, from the server's recent flows and live`
          : `${props.shown} shown of ${props.buffered} buffered`}
        {props.skipped > 0 && <strong className="ml-2 text-amber-800" data-testid="flows-skipped">{formatCount(props.skipped)} flows skipped (this tab fell behind)</strong>}
      </span>
    </div>
  );
}
