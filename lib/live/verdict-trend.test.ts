import { describe, expect, it } from 'vitest';
import { FIXED_TIME, flowBetween } from '../testing/flow-builders';
import { addToTrends, trendPointsOf, trendWindow } from './verdict-trend';

const HOUR = 3_600_000;
const audit = (at: number) => flowBetween('webapp/webapp', 'webapp/postgres', { port: 5432, direction: 'EGRESS', verdict: 'AUDIT', at });
const drop = (at: number) => flowBetween('traefik/traefik', 'monitoring/grafana', { port: 3000, direction: 'INGRESS', verdict: 'DROPPED', dropReason: 'POLICY_DENIED', at });

describe('hourly AUDIT and POLICY_DENIED trends', () => {
  it('counts AUDIT and policy drops per hour for the namespace whose policy decided', () => {
    const trends = addToTrends(new Map(), [audit(0), audit(10 * 60_000), audit(HOUR + 1), drop(5)]);
    expect(trends.get('webapp')).toEqual([{ start: FIXED_TIME, audit: 2, drops: 0 }, { start: FIXED_TIME + HOUR, audit: 1, drops: 0 }]);
    expect(trends.get('monitoring')).toEqual([{ start: FIXED_TIME, audit: 0, drops: 1 }]);
    expect(trends.has('traefik')).toBe(false);
  });

  it('ignores replies, trace events, forwarded flows and other drops; returns the same map when nothing counts', () => {
    const empty = new Map();
    const ignored = [
      flowBetween('webapp/webapp', 'webapp/postgres', { verdict: 'AUDIT', isReply: true }),
      flowBetween('webapp/webapp', 'webapp/postgres', { verdict: 'AUDIT', eventType: 4 }),
      flowBetween('webapp/webapp', 'webapp/postgres', { verdict: 'FORWARDED' }),
      flowBetween('webapp/webapp', 'webapp/postgres', { verdict: 'DROPPED', dropReason: 'CT_MAP_INSERTION_FAILED' }),
    ];
    expect(ignored.flatMap(trendPointsOf)).toEqual([]);
    expect(addToTrends(empty, ignored)).toBe(empty);
  });

  it('keeps at most maxHours hours and fills a chart window with empty hours', () => {
    let trends = addToTrends(new Map(), [audit(0)]);
    trends = addToTrends(trends, [audit(5 * HOUR)], { maxHours: 3 });
    expect(trends.get('webapp')!.map((h) => h.start)).toEqual([FIXED_TIME + 5 * HOUR]);
    const window = trendWindow(trends.get('webapp')!, FIXED_TIME + 6 * HOUR + 10, 3);
    expect(window).toEqual([
      { start: FIXED_TIME + 4 * HOUR, audit: 0, drops: 0 },
      { start: FIXED_TIME + 5 * HOUR, audit: 1, drops: 0 },
      { start: FIXED_TIME + 6 * HOUR, audit: 0, drops: 0 },
    ]);
  });
});
