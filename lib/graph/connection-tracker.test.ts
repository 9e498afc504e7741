import { describe, expect, it } from 'vitest';
import type { Flow } from '../flow/flow';
import { flowBetween } from '../testing/flow-builders';
import { ConnectionTracker, connectionKeyOf, reverseConnectionKeyOf, type ConnectionKey } from './connection-tracker';

/** The reply half of `flow`: endpoints, addresses and ports swapped. */
function replyOf(flow: Flow): Flow {
  const l4 = flow.l4 && 'sourcePort' in flow.l4 ? { ...flow.l4, sourcePort: flow.l4.destinationPort, destinationPort: flow.l4.sourcePort } : flow.l4;
  return { ...flow, source: flow.destination, destination: flow.source, ip: { ...flow.ip, source: flow.ip.destination, destination: flow.ip.source }, l4 };
}

function withTuple(flow: Flow, source: string, sourcePort: number, destination: string, destinationPort: number): Flow {
  const l4 = flow.l4 && 'sourcePort' in flow.l4 ? { ...flow.l4, sourcePort, destinationPort } : flow.l4;
  return { ...flow, ip: { ...flow.ip, source, destination }, l4 };
}

const masked = (flow: Flow): Flow => ({ ...flow, ip: { ...flow.ip, source: '', destination: '' } });
const remember = (tracker: ConnectionTracker<string>, key: ConnectionKey, time: number, edge = 'e') => tracker.remember(key, edge, 1, true, 1, time);

describe('connection tracker', () => {
  it('keys a flow by its 5-tuple and its reply by the reverse', () => {
    const flow = flowBetween('a/a', 'b/b', { port: 443 });
    expect(reverseConnectionKeyOf(replyOf(flow))).toEqual(connectionKeyOf(flow));
    expect(connectionKeyOf(replyOf(flow))).toEqual(reverseConnectionKeyOf(flow));
    expect(reverseConnectionKeyOf(flow)).not.toEqual(connectionKeyOf(flow));
    // Any part of the tuple makes another connection.
    const key = connectionKeyOf(withTuple(flow, '10.0.1.10', 40000, '10.0.2.20', 443));
    expect(connectionKeyOf(withTuple(flow, '10.0.1.10', 40001, '10.0.2.20', 443))).not.toEqual(key);
    expect(connectionKeyOf(withTuple(flow, '10.0.1.10', 40000, '10.0.2.20', 444))).not.toEqual(key);
    expect(connectionKeyOf(withTuple(flow, '10.0.1.11', 40000, '10.0.2.20', 443))).not.toEqual(key);
    expect(connectionKeyOf(withTuple(flow, '10.0.1.10', 40000, '10.0.2.2', 443))).not.toEqual(key);
    // Field boundaries count: moving a digit from an address to a port is another tuple.
    expect(connectionKeyOf(withTuple(flow, '10.0.1.1', 4000, '10.0.2.20', 443))).not.toEqual(connectionKeyOf(withTuple(flow, '10.0.1.14', 0, '10.0.2.20', 443)));
    expect(connectionKeyOf({ ...flow, l4: { protocol: 'UDP', sourcePort: 40000, destinationPort: 443 } })).not.toEqual(key);
  });

  it('falls back to pod names, then identities, when a field mask removed the IPs', () => {
    const ping = masked(flowBetween('a/a', 'b/b', { protocol: 'ICMPv4' }));
    expect(connectionKeyOf(masked(flowBetween('a/a', 'b/b', { protocol: 'ICMPv4' })))).toEqual(connectionKeyOf(ping));
    expect(connectionKeyOf(masked(flowBetween('a/a', 'c/b', { protocol: 'ICMPv4' })))).not.toEqual(connectionKeyOf(ping));
    const noPods = { ...ping, source: { ...ping.source, podName: '' }, destination: { ...ping.destination, podName: '' } };
    expect(connectionKeyOf({ ...noPods, source: { ...noPods.source, identity: 2 } })).not.toEqual(connectionKeyOf({ ...noPods, source: { ...noPods.source, identity: 65538 } }));
    expect(connectionKeyOf({ ...ping, l4: { protocol: 'ICMPv4', type: 0, code: 0 } })).not.toEqual(connectionKeyOf(ping));
  });

  it('forgets a connection a window after its latest event', () => {
    const tracker = new ConnectionTracker<string>({ windowMs: 1000 });
    const key = connectionKeyOf(flowBetween('a/a', 'b/b'));
    remember(tracker, key, 0);
    expect(tracker.lookup(key, 900)).toBeGreaterThanOrEqual(0);
    expect(tracker.lookup(key, 2500)).toBe(-1);
  });

  it('keeps a busy connection across generations, with its state', () => {
    const tracker = new ConnectionTracker<string>({ windowMs: 1000 });
    const key = connectionKeyOf(flowBetween('a/a', 'b/b'));
    tracker.remember(key, 'edge-1', 3, false, 0, 0);
    for (let time = 500; time <= 10_000; time += 500) {
      const slot = tracker.lookup(key, time);
      expect(slot).toBeGreaterThanOrEqual(0);
      tracker.touch(slot, time);
    }
    const slot = tracker.lookup(key, 10_100);
    expect(tracker.edge(slot)).toBe('edge-1');
    expect(tracker.verdict(slot)).toBe(3);
    expect(tracker.countedAt(slot)).toBe(0);
    expect(tracker.lastTime(slot)).toBe(10_000);
    tracker.addPolicyVerdict(slot, 2);
    expect(tracker.fromPolicyVerdict(slot)).toBe(true);
    expect(tracker.directions(tracker.lookup(key, 10_200))).toBe(2);
  });

  it('replaces a connection that reuses a remembered 5-tuple', () => {
    const tracker = new ConnectionTracker<string>();
    const key = connectionKeyOf(flowBetween('a/a', 'b/b'));
    remember(tracker, key, 0, 'old');
    const slot = tracker.remember(key, 'new', 2, false, 0, 5);
    expect(tracker.size).toBe(1);
    expect(tracker.edge(slot)).toBe('new');
    expect(tracker.countedAt(tracker.lookup(key, 6))).toBe(5);
  });

  it.each([false, true])('stays bounded under churn and still finds the latest connections (preallocated: %s)', (preallocate) => {
    const tracker = new ConnectionTracker<string>({ windowMs: 1e9, maxEntries: 10, preallocate });
    const flow = flowBetween('a/a', 'b/b');
    const keys = Array.from({ length: 1000 }, (_, i) => connectionKeyOf(withTuple(flow, '10.0.1.10', 30000 + i, '10.0.2.20', 80)));
    keys.forEach((key, i) => {
      if (tracker.lookup(key, i) < 0) remember(tracker, key, i);
    });
    expect(tracker.size).toBeLessThanOrEqual(20);
    expect(tracker.lookup(keys[999], 999)).toBeGreaterThanOrEqual(0);
    expect(tracker.has(keys[0])).toBe(false);
  });

  it('tells apart 400,000 connections: every remembered one is found, no other is', () => {
    const tracker = new ConnectionTracker<number>({ windowMs: 1e9, maxEntries: 250_000 });
    const flow = flowBetween('a/a', 'b/b');
    const keyAt = (i: number) => connectionKeyOf(withTuple(flow, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 1024 + (i % 50_000), '10.96.0.10', 53));
    for (let i = 0; i < 200_000; i++) tracker.remember(keyAt(i), i, 0, false, 0, 0);
    for (let i = 0; i < 200_000; i++) expect(tracker.edge(tracker.lookup(keyAt(i), 1))).toBe(i);
    let found = 0;
    for (let i = 200_000; i < 400_000; i++) if (tracker.lookup(keyAt(i), 1) >= 0) found++;
    expect(found).toBe(0);
  });
});
