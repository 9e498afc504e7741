import { describe, expect, it } from 'vitest';
import { flowBetween } from '../testing/flow-builders';
import { connectionKeyOf, createConnectionTracker, lookupConnection, rememberConnection, reverseConnectionKeyOf } from './connection-tracker';

const entry = (time: number) => ({ edge: 'e', verdict: 1, fromPolicyVerdict: true, directions: 1, countedAt: time, lastTime: time });

describe('connection tracker', () => {
  it('keys a flow by its 5-tuple and its reply by the reverse', () => {
    const flow = flowBetween('a/a', 'b/b', { port: 443 });
    const port = flow.l4 && 'sourcePort' in flow.l4 ? flow.l4.sourcePort : 0;
    expect(connectionKeyOf(flow)).toBe(`TCP|10.0.1.10|${port}|10.0.2.20|443`);
    expect(reverseConnectionKeyOf(flow)).toBe(`TCP|10.0.2.20|443|10.0.1.10|${port}`);
  });

  it('falls back to pod names when a field mask removed the IPs', () => {
    const flow = flowBetween('a/a', 'b/b', { port: 443, protocol: 'ICMPv4' });
    const masked = { ...flow, ip: { ...flow.ip, source: '', destination: '' } };
    expect(connectionKeyOf(masked)).toBe('ICMPv4|a/a-7d4b9c8f6-x2x9z|b/b-7d4b9c8f6-x2x9z|8');
  });

  it('forgets a connection a window after its latest event', () => {
    const tracker = createConnectionTracker<string>({ windowMs: 1000 });
    rememberConnection(tracker, 'k', entry(0));
    expect(lookupConnection(tracker, 'k', 900)).toBeDefined();
    expect(lookupConnection(tracker, 'k', 2500)).toBeUndefined();
  });

  it('stays bounded under churn', () => {
    const tracker = createConnectionTracker<string>({ windowMs: 1e9, maxEntries: 10 });
    for (let i = 0; i < 1000; i++) {
      if (!lookupConnection(tracker, `k${i}`, i)) rememberConnection(tracker, `k${i}`, entry(i));
    }
    expect(tracker.current.size + tracker.previous.size).toBeLessThanOrEqual(20);
    expect(lookupConnection(tracker, 'k999', 999)).toBeDefined();
  });
});
