import type { Flow } from '../flow/flow';

/** One hour of one namespace: AUDIT verdicts and DROPPED/POLICY_DENIED policy drops decided there. */
export interface TrendHour {
  /** Start of the hour (epoch ms). */
  start: number;
  audit: number;
  drops: number;
}

/** Hourly policy verdicts per namespace, oldest hour first, at most `maxHours` hours. */
export type VerdictTrends = ReadonlyMap<string, readonly TrendHour[]>;

const HOUR = 3_600_000;

/** Options of {@link addToTrends}. */
export interface AddToTrendsOptions {
  /** Hours kept per namespace. Default: 48. */
  maxHours?: number;
}

/**
 * What a flow adds to the trends: an AUDIT or a POLICY_DENIED drop from a policy-verdict event (5, or 0 for a
 * field-masked export), counted for the namespace whose policy decided (egress: the source's, ingress: the
 * destination's; both ends when the direction is unknown). Replies are never decided by policy.
 */
export function trendPointsOf(flow: Flow): { namespace: string; kind: 'audit' | 'drops' }[] {
  if (flow.isReply === true || (flow.eventType !== 5 && flow.eventType !== 0)) return [];
  const kind = flow.verdict === 'AUDIT' ? 'audit' : flow.verdict === 'DROPPED' && flow.dropReason === 'POLICY_DENIED' ? 'drops' : undefined;
  if (!kind) return [];
  const ends = flow.trafficDirection === 'EGRESS' ? [flow.source] : flow.trafficDirection === 'INGRESS' ? [flow.destination] : [flow.source, flow.destination];
  return [...new Set(ends.map((e) => e.namespace).filter(Boolean))].map((namespace) => ({ namespace, kind }));
}

/**
 * Adds flows to hourly trends (a pure reducer: a new map, the same hour arrays where nothing changed). Hours
 * older than `maxHours` before the newest one are dropped.
 */
export function addToTrends(trends: VerdictTrends, flows: readonly Flow[], options: AddToTrendsOptions = {}): VerdictTrends {
  const maxHours = options.maxHours ?? 48;
  const next = new Map(trends);
  const changed = new Set<string>();
  for (const flow of flows) {
    for (const { namespace, kind } of trendPointsOf(flow)) {
      const start = Math.floor(flow.time / HOUR) * HOUR;
      let hours = next.get(namespace) ?? [];
      if (!changed.has(namespace)) {
        hours = hours.map((h) => ({ ...h }));
        changed.add(namespace);
      }
      let hour = hours.find((h) => h.start === start);
      if (!hour) {
        hour = { start, audit: 0, drops: 0 };
        hours = [...hours, hour].sort((a, b) => a.start - b.start);
      }
      hour[kind]++;
      const newest = hours[hours.length - 1].start;
      next.set(namespace, hours.filter((h) => h.start > newest - maxHours * HOUR) as TrendHour[]);
    }
  }
  return changed.size === 0 ? trends : next;
}

/** The last `hours` hours up to `now`, oldest first, with empty hours filled in (what a chart draws). */
export function trendWindow(hours: readonly TrendHour[], now: number, count = 24): TrendHour[] {
  const last = Math.floor(now / HOUR) * HOUR;
  const byStart = new Map(hours.map((h) => [h.start, h]));
  return Array.from({ length: count }, (_, i) => {
    const start = last - (count - 1 - i) * HOUR;
    return byStart.get(start) ?? { start, audit: 0, drops: 0 };
  });
}
