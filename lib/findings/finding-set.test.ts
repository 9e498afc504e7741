import { describe, expect, it } from 'vitest';
import { flowBetween } from '../testing/flow-builders';
import { extractFindings } from './extract-findings';
import { FindingSet } from './finding-set';

const web = { labels: { 'app.kubernetes.io/name': 'web' } };
const api = { labels: { 'app.kubernetes.io/name': 'api' } };

describe('FindingSet: which verdicts become findings', () => {
  it('turns an AUDIT policy verdict into a finding and ignores FORWARDED, trace events and ERROR', () => {
    const { findings } = extractFindings([
      flowBetween('prod/web', 'prod/api', { port: 8080, source: web, destination: api }),
      flowBetween('prod/web', 'prod/api', { port: 8081, verdict: 'FORWARDED', source: web, destination: api }),
      flowBetween('prod/web', 'prod/api', { port: 8082, eventType: 4, source: web, destination: api }),
      flowBetween('prod/web', 'prod/api', { port: 8083, verdict: 'ERROR', source: web, destination: api }),
    ]);
    expect(findings.map((f) => f.port)).toEqual([8080]);
  });

  it('ignores replies (§23): is_reply, and ICMP echo replies', () => {
    const { findings } = extractFindings([
      flowBetween('prod/api', 'prod/web', { port: 41000, isReply: true, source: api, destination: web }),
      { ...flowBetween('prod/api', 'prod/web', { protocol: 'ICMPv4', source: api, destination: web }), l4: { protocol: 'ICMPv4', type: 0, code: 0 } },
    ]);
    expect(findings).toEqual([]);
  });

  it('shows DROPPED/POLICY_DENIED as blocked now, only for enforcing namespaces', () => {
    const drop = flowBetween('prod/web', 'prod/api', { port: 8080, verdict: 'DROPPED', source: web, destination: api });
    const other = flowBetween('prod/web', 'prod/api', { port: 9090, verdict: 'DROPPED', dropReason: 'CT_MAP_INSERTION_FAILED', source: web, destination: api });
    const [finding] = extractFindings([drop, other]).findings;
    expect(finding).toMatchObject({ port: 8080, blockedNow: true, blockedFlows: 1, auditFlows: 0 });
    expect(extractFindings([drop], { enforcingNamespaces: ['staging'] }).findings).toEqual([]);
    expect(extractFindings([drop], { enforcingNamespaces: ['prod'] }).findings).toHaveLength(1);
  });
});

describe('FindingSet: subject and direction (§22)', () => {
  it('INGRESS → the destination needs the rule; EGRESS → the source', () => {
    const { findings } = extractFindings([
      flowBetween('prod/web', 'prod/api', { direction: 'INGRESS', port: 8080, source: web, destination: api }),
      flowBetween('prod/web', 'prod/api', { direction: 'EGRESS', port: 8080, source: web, destination: api }),
    ]);
    const ingress = findings.find((f) => f.direction === 'INGRESS')!;
    const egress = findings.find((f) => f.direction === 'EGRESS')!;
    expect(ingress.subject.selector).toEqual({ 'app.kubernetes.io/name': 'api' });
    expect(ingress.peer).toMatchObject({ kind: 'endpoint', selector: { 'k8s:app.kubernetes.io/name': 'web' } });
    expect(egress.subject.selector).toEqual({ 'app.kubernetes.io/name': 'web' });
    expect(egress.peer).toMatchObject({ kind: 'endpoint', selector: { 'k8s:app.kubernetes.io/name': 'api' } });
  });

  it('one connection between two audited pods is two findings, each counting it once', () => {
    const { findings } = extractFindings([
      flowBetween('prod/web', 'prod/api', { direction: 'EGRESS', port: 8080, uuid: 'a', source: web, destination: api }),
      flowBetween('prod/web', 'prod/api', { direction: 'INGRESS', port: 8080, uuid: 'b', source: web, destination: api }),
    ]);
    expect(findings).toHaveLength(2);
    expect(findings.map((f) => f.flows)).toEqual([1, 1]);
    expect(new Set(findings.map((f) => f.subject.workload))).toEqual(new Set(['web', 'api']));
  });

  it('reports verdicts without a direction, and subjects that are not pods', () => {
    const { findings, problems } = extractFindings([
      flowBetween('prod/web', 'prod/api', { direction: 'TRAFFIC_DIRECTION_UNKNOWN', source: web, destination: api }),
      flowBetween('prod/web', 'reserved:host', { direction: 'INGRESS', port: 22, source: web }),
    ]);
    expect(findings).toEqual([]);
    expect(problems.map((p) => p.code).sort()).toEqual(['LSP004', 'LSP006']);
  });
});

describe('FindingSet: totals, evidence and identity', () => {
  const flows = Array.from({ length: 8 }, (_, i) =>
    flowBetween('prod/web', 'prod/api', { port: 8080, at: 1000 * (8 - i), nodeName: `c/worker-${i % 3}`, source: web, destination: api }),
  );

  it('counts flows with first/last seen, nodes and at most `sampleSize` samples', () => {
    const [f] = extractFindings(flows).findings;
    expect(f).toMatchObject({ flows: 8, auditFlows: 8, blockedNow: false, nodes: ['c/worker-0', 'c/worker-1', 'c/worker-2'] });
    expect(f.lastSeen - f.firstSeen).toBe(7000);
    expect(f.samples).toHaveLength(5);
    expect(extractFindings(flows, { sampleSize: 2 }).findings[0].samples).toHaveLength(2);
  });

  it('gives the same findings and ids whether flows come in batches or at once, in any order', () => {
    const once = extractFindings(flows).findings;
    const set = new FindingSet();
    set.add(flows.slice(0, 3));
    expect(set.findings()[0].flows).toBe(3);
    set.add(flows.slice(3));
    const batched = set.findings();
    const reversed = extractFindings([...flows].reverse()).findings;
    expect(batched.map((f) => [f.id, f.flows, f.firstSeen, f.lastSeen])).toEqual(once.map((f) => [f.id, f.flows, f.firstSeen, f.lastSeen]));
    expect(reversed.map((f) => f.id)).toEqual(once.map((f) => f.id));
    expect(once[0].id).toMatch(/^[0-9a-f]{12}$/);
  });

  it('ids are a hash of the key only: stable across runs, different per port', () => {
    const a = extractFindings([flowBetween('prod/web', 'prod/api', { port: 8080, source: web, destination: api })]).findings[0];
    const b = extractFindings([flowBetween('prod/web', 'prod/api', { port: 8080, source: web, destination: api })]).findings[0];
    const c = extractFindings([flowBetween('prod/web', 'prod/api', { port: 8081, source: web, destination: api })]).findings[0];
    expect(a.id).toBe(b.id);
    expect(a.id).not.toBe(c.id);
  });

  it('drops duplicate flows (same uuid, e.g. a relay replay)', () => {
    const flow = flowBetween('prod/web', 'prod/api', { port: 8080, source: web, destination: api });
    expect(extractFindings([flow, flow, { ...flow }]).findings[0].flows).toBe(1);
  });
});
