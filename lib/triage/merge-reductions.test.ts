import { describe, expect, it } from 'vitest';
import type { Flow } from '../flow/flow';
import { FindingSet } from '../findings/finding-set';
import { FlowReducer } from '../policy/reduce-flows';
import { dnsFlow, flowBetween } from '../testing/flow-builders';
import { TriageObserver } from './triage-context';
import { seededRandom } from '../testing/seeded-random';

/**
 * `lockstep suggest` reads a big capture in parts (one worker thread each) and merges the parts' reductions in
 * order: the merge must give what one pass over all flows gives, order-dependent parts included (samples, first
 * seen, the earliest times, hours of day, DNS names, first label set of a workload).
 */


const HOUR = 3_600_000;

/** Varied flows: AUDIT/FORWARDED/DROPPED, replies, DNS answers, world egress, unselectable pods, times out of order. */
function randomFlows(seed: number, n: number): Flow[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const flows: Flow[] = [];
  for (let i = 0; i < n; i++) {
    const ns = pick(['shop', 'blog', 'db']);
    const app = pick(['web', 'api', 'worker']);
    // Replicas of one workload: other pod names and one per-pod label (so another identity), labels intersected.
    const r = Math.floor(rand() * 3);
    const replica = 'abc'[r];
    const identity = 1000 + ['shop', 'blog', 'db'].indexOf(ns) * 100 + ['web', 'api', 'worker'].indexOf(app) * 10 + r;
    const pod = { labels: { 'app.kubernetes.io/name': app, 'pod-template-hash': replica }, podName: `${app}-${replica}`, identity };
    const bare = { labels: { tier: app }, podName: `${app}-${replica}-x`, identity: identity + 5 };
    const at = Math.floor(i * 997 + rand() * 4 * HOUR - 2 * HOUR);
    const verdict = pick(['AUDIT', 'AUDIT', 'FORWARDED', 'DROPPED'] as const);
    const nodeName = `node-${Math.floor(rand() * 4)}`;
    const uuid = rand() < 0.02 && i > 0 ? flows[i - 1].uuid : `u-${seed}-${i}`;
    const kind = rand();
    let f: Flow;
    if (kind < 0.3) f = flowBetween(`${ns}/${app}`, `${ns}/db`, { verdict, port: pick([5432, 6379]), at, nodeName, uuid, source: pod });
    else if (kind < 0.45) f = flowBetween('ingress/traefik', `${ns}/${app}`, { direction: 'INGRESS', verdict, port: 8080, at, nodeName, uuid, destination: pod });
    else if (kind < 0.6) f = flowBetween(`${ns}/${app}`, 'reserved:world', { verdict, port: 443, at, nodeName, uuid, destinationNames: [`api${Math.floor(rand() * 5)}.example.com`], destinationIp: `203.0.113.${Math.floor(rand() * 9)}`, source: pod });
    else if (kind < 0.7) f = dnsFlow(`${ns}/${app}`, 'kube-system/coredns', `api${Math.floor(rand() * 5)}.example.com`, [`203.0.113.${Math.floor(rand() * 9)}`], { at, uuid, isReply: rand() < 0.5, source: pod });
    else if (kind < 0.8) f = flowBetween(`${ns}/${app}`, `${ns}/db`, { verdict: 'FORWARDED', eventType: 4, isReply: rand() < 0.5, port: 5432, at, uuid, source: pod });
    else if (kind < 0.9) f = flowBetween(`${ns}/${app}-bare`, `${ns}/db`, { verdict, port: 5432, at, nodeName, uuid, source: bare });
    else f = flowBetween('reserved:host', `${ns}/${app}`, { direction: 'INGRESS', verdict: 'AUDIT', port: 8080, at, nodeName, uuid, destination: pod });
    flows.push(f);
  }
  return flows;
}

/** Reads each part in its own reducers, hands their states over as a worker would (cloned), merges in order. */
function readInParts(flows: Flow[], cuts: number[]) {
  const bounds = [0, ...cuts, flows.length];
  const merged = { findings: new FindingSet(), keys: new FlowReducer(), triage: new TriageObserver(), exact: true };
  for (let i = 0; i + 1 < bounds.length; i++) {
    const part = flows.slice(bounds[i], bounds[i + 1]);
    const findings = new FindingSet().add(part);
    const keys = new FlowReducer();
    const triage = new TriageObserver();
    for (const f of part) {
      keys.add(f);
      triage.add(f);
    }
    const state = structuredClone({ findings: findings.state(), keys: keys.state(), triage: triage.state() });
    merged.exact = merged.findings.merge(state.findings) && merged.exact;
    merged.keys.merge(state.keys);
    merged.exact = merged.triage.merge(state.triage) && merged.exact;
  }
  return merged;
}

function readInOnePass(flows: Flow[]) {
  const keys = new FlowReducer();
  const triage = new TriageObserver();
  for (const f of flows) {
    keys.add(f);
    triage.add(f);
  }
  return { findings: new FindingSet().add(flows), keys, triage };
}

/** Everything the command prints from, as text (key order and array order count). */
function outcome(r: { findings: FindingSet; keys: FlowReducer; triage: TriageObserver }): string {
  const findings = r.findings.findings();
  const ctx = r.triage.finish(findings);
  return JSON.stringify({
    findings, problems: r.findings.problems(), accounting: r.findings.accounting(),
    keys: r.keys.flows(), total: r.keys.flowTotal, size: r.keys.size,
    triage: { ...ctx, servedPorts: [...ctx.servedPorts].map(([k, v]) => [k, [...v]]), answeredIps: [...ctx.answeredIps], droppedSources: [...ctx.droppedSources].map(([k, v]) => [k, [...v]]), activity: [...ctx.activity] },
  });
}

describe('merging reductions of consecutive parts of a capture', () => {
  it('gives what one pass gives, for random captures cut at random places', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const flows = randomFlows(seed, 600);
      const rand = seededRandom(seed * 7);
      const cuts = [...new Set(Array.from({ length: 1 + (seed % 3) }, () => Math.floor(rand() * flows.length)))].sort((a, b) => a - b);
      const parts = readInParts(flows, cuts);
      const duplicateAtSeam = cuts.some((c) => c > 0 && flows[c].uuid === flows[c - 1].uuid);
      if (duplicateAtSeam) {
        expect(parts.exact).toBe(false);
        continue;
      }
      expect(parts.exact).toBe(true);
      expect(outcome(parts)).toBe(outcome(readInOnePass(flows)));
    }
  });

  it('keeps the first samples, the first DNS names and nodes, and the earliest times in reading order', () => {
    // One finding over 3 parts: samples and times come from the first part even though later parts come first in time.
    const flows = Array.from({ length: 90 }, (_, i) => flowBetween('shop/web', 'shop/db', { port: 5432, at: (90 - i) * HOUR, nodeName: `node-${i}`, uuid: `s-${i}` }));
    const parts = readInParts(flows, [2, 60]);
    const one = readInOnePass(flows);
    expect(parts.exact).toBe(true);
    const [finding] = parts.findings.findings();
    expect(finding.samples.map((s) => s.uuid)).toEqual(one.findings.findings()[0].samples.map((s) => s.uuid));
    expect(finding.timing).toEqual(one.findings.findings()[0].timing);
    expect(outcome(parts)).toBe(outcome(one));
  });

  it('keeps the first of the earliest flows as the representative of a verdict key', () => {
    const flows = ['x', 'y', 'z'].map((uuid) => flowBetween('shop/web', 'shop/db', { port: 5432, at: 7, uuid }));
    const parts = readInParts(flows, [1, 2]);
    expect(parts.keys.flows().map((f) => f.uuid)).toEqual(['x']);
    expect(outcome(parts)).toBe(outcome(readInOnePass(flows)));
  });

  it('refuses (one pass needed) when a duplicate uuid straddles the cut', () => {
    const a = flowBetween('shop/web', 'shop/db', { port: 5432, uuid: 'same' });
    const b = flowBetween('shop/web', 'shop/db', { port: 5432, uuid: 'same' });
    expect(readInParts([a, b], [1]).exact).toBe(false);
    expect(readInParts([a, flowBetween('shop/web', 'shop/db', { uuid: 'other' })], [1]).exact).toBe(true);
  });

  it('refuses when one security identity stands for other labels in a later part (a forged capture)', () => {
    const a = flowBetween('shop/web', 'shop/db', { port: 5432, source: { identity: 4242, labels: { app: 'web' } } });
    const b = flowBetween('shop/web', 'shop/db', { port: 5432, source: { identity: 4242, labels: { app: 'evil' } } });
    expect(readInParts([a, b], [1]).exact).toBe(false);
  });
});
