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

/** The tracker's contract with Maps: what the typed-array tables must agree with, operation by operation. */
class ReferenceTracker {
  current = new Map<string, { edge: number; time: number }>();
  previous = new Map<string, { edge: number; time: number }>();
  rotatedAt = -Infinity;
  constructor(readonly windowMs: number, readonly maxEntries: number) {}
  lookup(key: string, time: number) {
    if (time - this.rotatedAt >= this.windowMs) this.rotate(time);
    let entry = this.current.get(key);
    if (!entry) {
      entry = this.previous.get(key);
      if (!entry) return undefined;
      this.insert(key, entry);
    }
    return time - entry.time > this.windowMs ? undefined : entry;
  }
  has(key: string) {
    return this.current.has(key) || this.previous.has(key);
  }
  insert(key: string, entry: { edge: number; time: number }) {
    if (this.current.size >= this.maxEntries) this.rotate(Math.max(this.rotatedAt, entry.time));
    this.current.set(key, entry);
  }
  rotate(time: number) {
    this.previous = this.current;
    this.current = new Map();
    this.rotatedAt = time;
  }
}

describe('connection tracker against a reference of Maps', () => {
  it.each([
    { seed: 1, keys: 300, maxEntries: 50, windowMs: 1000 },
    { seed: 2, keys: 8000, maxEntries: 3000, windowMs: 5000 },
    { seed: 3, keys: 5000, maxEntries: 200_000, windowMs: 500 },
  ])('agrees on every lookup, remember and has over 60,000 random events ($keys keys, $maxEntries entries)', ({ seed, keys, maxEntries, windowMs }) => {
    let state = seed;
    const random = (n: number) => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) % n);
    const flow = flowBetween('a/a', 'b/b');
    const fingerprints = Array.from({ length: keys }, (_, i) => connectionKeyOf(withTuple(flow, `10.0.${i >> 8}.${i & 255}`, 20000 + (i % 7), '10.1.0.1', 443)));
    const tracker = new ConnectionTracker<number>({ windowMs, maxEntries });
    const reference = new ReferenceTracker(windowMs, maxEntries);
    let time = 0;
    const disagreements: string[] = [];
    for (let n = 0; n < 60_000 && disagreements.length < 5; n++) {
      time += random(20);
      const k = random(keys);
      if (random(10) === 0) {
        if (tracker.has(fingerprints[k]) !== reference.has(String(k))) disagreements.push(`has ${k} at ${time}`);
        continue;
      }
      const slot = tracker.lookup(fingerprints[k], time);
      const expected = reference.lookup(String(k), time);
      if ((slot >= 0) !== (expected !== undefined) || (expected && (tracker.edge(slot) !== expected.edge || tracker.lastTime(slot) !== expected.time))) {
        disagreements.push(`lookup ${k} at ${time}: slot ${slot}, expected ${JSON.stringify(expected)}`);
      } else if (slot >= 0 && expected) {
        tracker.touch(slot, time);
        expected.time = time;
      } else {
        tracker.remember(fingerprints[k], n, 1, false, 0, time);
        reference.insert(String(k), { edge: n, time });
      }
    }
    expect(disagreements).toEqual([]);
  });
});
