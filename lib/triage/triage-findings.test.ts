import { describe, expect, it } from 'vitest';
import type { Flow } from '../flow/flow';
import { extractFindings } from '../findings/extract-findings';
import { dnsFlow, flowBetween } from '../testing/flow-builders';
import { barePod, HOUR, irregularFlows, MINUTE, periodicFlows, shifted, withoutController, worldEgress } from '../testing/triage-builders';
import { triageFindings } from './triage-findings';
import type { TriageSignalCode } from './triage';

/** Triage of the finding whose description matches, over the whole capture. */
function triage(flows: Flow[], pick: (f: ReturnType<typeof extractFindings>['findings'][number]) => boolean) {
  const { findings } = extractFindings(flows);
  const finding = findings.find(pick);
  if (!finding) throw new Error(`no such finding among ${findings.length}`);
  return triageFindings(findings, flows).get(finding.id)!;
}
const codes = (t: { signals: { code: TriageSignalCode }[] }) => t.signals.map((s) => s.code).sort();

/** A day of ordinary background: the web app talking to its database all day. */
function background(hours = 30): Flow[] {
  return irregularFlows('shop/web', 'shop/db', 20 * MINUTE, { count: hours * 3, flow: { direction: 'EGRESS', port: 5432 } });
}

const beacon = (startMs = 0) => periodicFlows('shop/web', 'reserved:world', 10 * MINUTE, 15, { startMs, count: 30, flow: worldEgress(4444, '203.0.113.66') });
const isBeacon = (f: { peer: { kind: string; cidr?: string } }) => f.peer.kind === 'cidr' && f.peer.cidr === '203.0.113.66/32';

describe('triage signals', () => {
  it('periodic timing: a beacon at 10 min ±15 % to a nameless address on an unusual port is high (held)', () => {
    const t = triage([...background(), ...beacon(14 * HOUR)], isBeacon);
    expect(codes(t)).toEqual(['nameless-address', 'new-behaviour', 'periodic-timing', 'unusual-port']);
    expect(t.severity).toBe('high');
    const periodic = t.signals.find((s) => s.code === 'periodic-timing')!;
    expect(periodic.reason).toMatch(/every 10\.\d min/);
    expect(periodic.evidence.connections).toBe(30);
    expect(t.signals.find((s) => s.code === 'new-behaviour')!.reason).toMatch(/first seen 1[34]\.\d h after observation began/);
  });

  it('periodic timing: irregular (Poisson) connections to the same address are not periodic', () => {
    const flows = [...background(), ...irregularFlows('shop/web', 'reserved:world', 10 * MINUTE, { count: 30, flow: worldEgress(4444, '203.0.113.66') })];
    expect(codes(triage(flows, isBeacon))).not.toContain('periodic-timing');
  });

  it('periodic timing: never for in-cluster peers (scrapes and probes are periodic by design)', () => {
    const scrape = periodicFlows('monitoring/prometheus', 'shop/web', 30_000, 2, { count: 40, flow: { direction: 'INGRESS', port: 9100 } });
    const t = triage(scrape, (f) => f.port === 9100);
    expect(t.signals).toEqual([]);
    expect(t.severity).toBe('low');
  });

  it('periodic timing: never a CronJob on its own schedule', () => {
    const job = periodicFlows('shop/backup', 'reserved:world', HOUR, 1, { count: 12, flow: worldEgress(443, '198.51.100.9', { source: { workloadKind: 'CronJob' } }) });
    expect(codes(triage(job, (f) => f.peer.kind === 'cidr'))).not.toContain('periodic-timing');
  });

  it('nameless address: a bare IP no DNS answer explains; not when a DNS answer names it, not for a LAN address', () => {
    const egress = (ip: string) => irregularFlows('shop/web', 'reserved:world', 5 * MINUTE, { count: 12, flow: worldEgress(443, ip) });
    expect(codes(triage(egress('198.51.100.7'), (f) => f.peer.kind === 'cidr'))).toEqual(['nameless-address']);
    const named = [dnsFlow('shop/web', 'kube-system/coredns', 'cdn.example.com', ['198.51.100.7']), ...egress('198.51.100.7')];
    expect(codes(triage(named, (f) => f.peer.kind === 'cidr'))).toEqual([]);
    expect(codes(triage(egress('192.168.1.50'), (f) => f.peer.kind === 'cidr'))).toEqual([]);
  });

  it('unusual port: neither common nor served; a port the server replies from is served', () => {
    const probe = [flowBetween('shop/web', 'shop/db', { direction: 'EGRESS', port: 31337 })];
    expect(codes(triage(probe, (f) => f.port === 31337))).toEqual(['unusual-port']);
    const reply = flowBetween('shop/db', 'shop/web', { verdict: 'FORWARDED', eventType: 4, isReply: true, port: 40000 });
    const served = [...probe, { ...reply, l4: { protocol: 'TCP' as const, sourcePort: 31337, destinationPort: 40000, flags: ['SYN', 'ACK'] } }];
    expect(codes(triage(served, (f) => f.port === 31337))).toEqual([]);
    expect(codes(triage([flowBetween('shop/web', 'shop/db', { direction: 'EGRESS', port: 5432 })], (f) => f.port === 5432))).toEqual([]);
  });

  it('unowned workload: a bare pod connecting to the database is high on its own; an owned one is not', () => {
    const bare = withoutController([flowBetween('shop/debug', 'shop/db', { direction: 'INGRESS', port: 5432, source: barePod('debug') })]);
    const t = triage([...background(2), ...bare], (f) => f.peer.kind === 'endpoint' && f.peer.workload === 'debug');
    expect(codes(t)).toEqual(['no-stable-label', 'unowned-workload']);
    expect(t.severity).toBe('high');
    expect(t.signals.find((s) => s.code === 'unowned-workload')!.reason).toMatch(/shop\/debug has no owning controller/);
    const owned = triage([...background(2), flowBetween('shop/api', 'shop/db', { direction: 'INGRESS', port: 5432 })], (f) => f.peer.kind === 'endpoint' && f.peer.workload === 'api');
    expect(owned.signals).toEqual([]);
  });

  it('unowned workload: not raised when the capture carries no workloads at all (older agents)', () => {
    const flows = withoutController([...background(2), flowBetween('shop/api', 'shop/db', { direction: 'INGRESS', port: 5432 })]).map((f) => ({ ...f, destination: { ...f.destination, workloads: [] } }));
    expect(codes(triage(flows, (f) => f.direction === 'INGRESS'))).not.toContain('unowned-workload');
  });

  it('no stable label: the workload cannot be selected (weak on its own: medium)', () => {
    const flows = [flowBetween('shop/web', 'shop/cache', { direction: 'EGRESS', port: 6379, destination: { labels: { 'pod-template-hash': 'abc' }, podName: 'cache-7d4b9c8f6-x2x9z' } })];
    const t = triage(flows, (f) => f.port === 6379);
    expect(codes(t)).toEqual(['no-stable-label']);
    expect(t.severity).toBe('medium');
  });

  it('new behaviour: first seen late from a workload active since the start; not for pairs seen from the start', () => {
    const late = shifted([flowBetween('shop/web', 'shop/search', { direction: 'EGRESS', port: 9200, at: 0 })], 20);
    expect(codes(triage([...background(), ...late], (f) => f.port === 9200))).toEqual(['new-behaviour']);
    const early = [flowBetween('shop/web', 'shop/search', { direction: 'EGRESS', port: 9200, at: 0 })];
    expect(codes(triage([...background(), ...early], (f) => f.port === 9200))).toEqual([]);
  });

  it('new behaviour: only at night while the workload runs all day (needs a day of observation)', () => {
    const night = [0, 1, 2].flatMap((day) => irregularFlows('shop/web', 'shop/search', 15 * MINUTE, { startMs: day * 24 * HOUR + 2 * HOUR, count: 8, flow: { direction: 'EGRESS', port: 9200 } }));
    const t = triage([...background(72), ...night], (f) => f.port === 9200);
    expect(codes(t)).toEqual(['new-behaviour']);
    expect(t.signals[0].reason).toMatch(/only in \d hour\(s\) of the day/);
  });

  it('dropped elsewhere: the opener is also DROPPED by an enforcing namespace; its own namespace\'s drops do not count', () => {
    const audit = flowBetween('shop/web', 'shop/db', { direction: 'EGRESS', port: 5432 });
    const droppedIn = (ns: string) => flowBetween('shop/web', `${ns}/vault`, { direction: 'INGRESS', port: 8200, verdict: 'DROPPED' });
    const t = triage([audit, droppedIn('secrets'), droppedIn('secrets')], (f) => f.port === 5432);
    expect(codes(t)).toEqual(['dropped-elsewhere']);
    expect(t.signals[0].evidence).toMatchObject({ dropped: 2, namespaces: 'secrets' });
    const own = flowBetween('shop/web', 'shop/vault', { direction: 'EGRESS', port: 8200, verdict: 'DROPPED' });
    expect(codes(triage([audit, own], (f) => f.port === 5432))).toEqual([]);
  });
});

describe('ordinary traffic is never held', () => {
  it('workload to workload on served ports, kubelet probes, cluster DNS, FQDN egress on 443 and a mail relay by IP stay low or medium', () => {
    const flows = [
      ...background(),
      ...periodicFlows('reserved:host', 'shop/web', 10_000, 5, { count: 60, flow: { direction: 'INGRESS', port: 8080 } }),
      ...irregularFlows('shop/web', 'kube-system/coredns', 5 * MINUTE, { count: 60, flow: { direction: 'EGRESS', port: 53, protocol: 'UDP', destination: { labels: { 'k8s-app': 'kube-dns' } } } }),
      ...irregularFlows('shop/web', 'reserved:world', 30 * MINUTE, { count: 40, flow: worldEgress(443, '140.82.121.6', { destinationNames: ['api.github.com'] }) }),
      // A mail relay reached by IP on the submission port, steadily from the start of observation.
      ...irregularFlows('shop/mailer', 'reserved:world', 20 * MINUTE, { count: 90, flow: worldEgress(587, '198.51.100.25') }),
    ];
    const { findings } = extractFindings(flows);
    const all = triageFindings(findings, flows);
    expect(findings.length).toBe(5);
    for (const f of findings) expect({ port: f.port, severity: all.get(f.id)!.severity }).not.toEqual({ port: f.port, severity: 'high' });
    const mail = findings.find((f) => f.port === 587)!;
    expect(all.get(mail.id)).toMatchObject({ severity: 'medium', signals: [{ code: 'nameless-address' }] });
  });
});
