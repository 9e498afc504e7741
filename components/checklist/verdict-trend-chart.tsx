'use client';

import { useQuery } from '@tanstack/react-query';
import type { TrendHour } from '@/lib/live/verdict-trend';
import { getJson } from '../ui/fetch-json';
import { formatAgo } from '../ui/format';

/** `GET /api/trends`. */
export interface TrendsResponse {
  now: number;
  quietPeriodMs: number;
  namespaces: { namespace: string; hours: TrendHour[]; lastAuditAt: number | null; lastNewFindingAt: number | null }[];
}

/** Every namespace's hourly AUDIT and POLICY_DENIED counts, refreshed every 30 s. */
export function useTrends() {
  return useQuery({ queryKey: ['trends'], queryFn: () => getJson<TrendsResponse>('/api/trends', 'the AUDIT trend'), refetchInterval: 30_000 });
}

const HOUR = 3_600_000;

/** The quiet period in words: `24 h`, or `2 min` for the demo's short one (the chart still shades a whole hour). */
function quietPeriodText(ms: number): string {
  return ms >= HOUR ? `${Math.round(ms / HOUR)} h` : `${Math.max(1, Math.round(ms / 60_000))} min`;
}

/**
 * A small chart of one namespace's last 48 hours (24 when compact): AUDIT verdicts per hour (amber) and POLICY_DENIED drops
 * (red, the regression alarm after enforcement), the quiet period as the shaded hours that must stay empty, and
 * the time since the last new finding. With `auditWindowOpenedAt` (the namespace's audit window), the trend starts
 * there: earlier hours are greyed out and a marker shows when the window opened.
 */
export function VerdictTrendChart({ trends, namespace, compact = false, auditWindowOpenedAt }: { trends: TrendsResponse; namespace: string; compact?: boolean; auditWindowOpenedAt?: number }) {
  const trend = trends.namespaces.find((n) => n.namespace === namespace);
  const all = trend?.hours ?? Array.from({ length: 48 }, (_, i) => ({ start: trends.now - (47 - i) * HOUR, audit: 0, drops: 0 }));
  // The rollout overview shows the last day; the checklist two, so a 24 h quiet period has room around it.
  const hours = compact ? all.slice(-24) : all;
  const span = `${hours.length} h`;
  const max = Math.max(1, ...hours.map((h) => Math.max(h.audit, h.drops)));
  const quietHours = Math.min(hours.length, Math.ceil(trends.quietPeriodMs / HOUR));
  const width = compact ? 120 : 240;
  const height = compact ? 24 : 48;
  const bar = width / hours.length;
  const audit = hours.reduce((n, h) => n + h.audit, 0);
  const drops = hours.reduce((n, h) => n + h.drops, 0);
  // Where the audit window opened, in chart coordinates (undefined when it opened before the chart's first hour).
  const windowX = auditWindowOpenedAt !== undefined && hours.length > 0 && auditWindowOpenedAt >= hours[0].start
    ? Math.min(width, ((auditWindowOpenedAt - hours[0].start) / HOUR) * bar) : undefined;
  const label = `${namespace}, last ${span}: ${audit} AUDIT, ${drops} POLICY_DENIED drops; quiet period ${quietPeriodText(trends.quietPeriodMs)}`;
  return (
    <figure className="inline-flex flex-col gap-0.5 text-xs text-slate-600" data-testid="verdict-trend" data-namespace={namespace} data-audit={audit} data-drops={drops}>
      <svg role="img" aria-label={label} width={width} height={height} className="rounded bg-slate-50">
        <title>{label}</title>
        <rect x={width - quietHours * bar} y={0} width={quietHours * bar} height={height} className="fill-green-100" data-testid="quiet-window" />
        {windowX !== undefined && (
          <>
            <rect x={0} y={0} width={windowX} height={height} className="fill-slate-200" />
            <line x1={windowX} x2={windowX} y1={0} y2={height} className="stroke-sky-700" strokeWidth={1.5} data-testid="audit-window-start" />
          </>
        )}
        {hours.map((h, i) => (
          <g key={h.start}>
            {h.audit > 0 && <rect x={i * bar + 0.5} y={height - (h.audit / max) * height} width={Math.max(1, bar / 2 - 0.5)} height={(h.audit / max) * height} className="fill-amber-500" />}
            {h.drops > 0 && <rect x={i * bar + bar / 2} y={height - (h.drops / max) * height} width={Math.max(1, bar / 2 - 0.5)} height={(h.drops / max) * height} className="fill-red-600" />}
          </g>
        ))}
      </svg>
      <figcaption data-testid="verdict-trend-caption">
        {compact ? (
          <>{audit} AUDIT · {drops} drops / {span}</>
        ) : (
          <>
            <span className="text-amber-700">■</span> AUDIT per hour ({audit} in {span}) · <span className="text-red-700">■</span> POLICY_DENIED drops ({drops}; after enforcement each one is a regression) ·{' '}
            <span className="text-green-700">■</span> quiet period: the last {quietPeriodText(trends.quietPeriodMs)} must stay empty
          </>
        )}
        {auditWindowOpenedAt !== undefined && (
          <span className="block" data-testid="trend-since-window"><span className="text-sky-700">|</span> audit window opened {formatAgo(auditWindowOpenedAt, trends.now)}: the trend of this rollout starts there</span>
        )}
        <span className="block" data-testid="last-new-finding">Last new finding: {formatAgo(trend?.lastNewFindingAt ?? undefined, trends.now)}</span>
      </figcaption>
    </figure>
  );
}
