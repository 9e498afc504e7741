import { describe, expect, it } from 'vitest';
import { flowBetween } from '../testing/flow-builders';
import type { Flow } from '../flow/flow';
import { extractFindings } from './extract-findings';
import { isUnselectable } from './is-unselectable';
import { policyNamespace } from './audit-accounting';

/** A bare pod started with `kubectl run`: only the unstable `run` label, no owning controller. */
const debugPod = { labels: { run: 'debug' }, podName: 'debug', workloadKind: '' };
function bare(flow: Flow, side: 'source' | 'destination'): Flow {
  return { ...flow, [side]: { ...flow[side], workloads: [] } };
}

/** Non-reply AUDIT policy verdicts per policy namespace, counted independently of lib/findings. */
function auditVerdicts(flows: Flow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of flows) {
    if (f.verdict !== 'AUDIT' || f.eventType !== 5 || f.isReply) continue;
    const ns = f.trafficDirection === 'INGRESS' ? f.destination.namespace : f.source.namespace;
    out[ns] = (out[ns] ?? 0) + 1;
  }
  return out;
}

describe('every AUDIT verdict accounted for', () => {
  it('a bare debug pod without a stable label still gets findings, identified by its pod name, shown as unselectable', () => {
    const flows = [
      ...Array.from({ length: 3 }, () => bare(flowBetween('webapp/debug', 'webapp/postgres', { direction: 'INGRESS', port: 5432, source: debugPod }), 'source')),
      ...Array.from({ length: 2 }, () => bare(flowBetween('webapp/debug', 'webapp/postgres', { direction: 'EGRESS', port: 5432, source: debugPod }), 'source')),
    ];
    const { findings, accounting, problems } = extractFindings(flows);
    expect(findings).toHaveLength(2);
    const ingress = findings.find((f) => f.direction === 'INGRESS')!;
    expect(ingress.peer).toMatchObject({ kind: 'endpoint', workload: 'debug', selector: {}, unselectable: { pod: 'debug', controllerKind: '' } });
    expect(ingress.subject.selector).toEqual({ app: 'postgres' });
    const egress = findings.find((f) => f.direction === 'EGRESS')!;
    expect(egress.subject).toMatchObject({ workload: 'debug', selector: {}, unselectable: { workload: 'debug', pod: 'debug' } });
    expect(findings.every(isUnselectable)).toBe(true);
    expect(accounting).toEqual([{ namespace: 'webapp', auditVerdicts: 5, inFindings: 5, replyVerdicts: 0, skipped: {} }]);
    expect(problems).toMatchObject([{ code: 'LSP002', severity: 'warning', namespace: 'webapp', workload: 'debug' }]);
  });

  it('names an unlabelled pod by its pod name without the replica suffix, and keeps two such workloads apart', () => {
    const a = flowBetween('prod/x', 'prod/db', { direction: 'INGRESS', port: 5432, source: { labels: { 'pod-template-hash': '7d4b9c8f6' }, podName: 'worker-7d4b9c8f6-x2x9z' } });
    const b = flowBetween('prod/y', 'prod/db', { direction: 'INGRESS', port: 5432, source: { labels: { 'pod-template-hash': '5f6d7c8b9' }, podName: 'scraper-5f6d7c8b9-q7w8z' } });
    const { findings } = extractFindings([{ ...a, source: { ...a.source, workloads: [] } }, { ...b, source: { ...b.source, workloads: [] } }]);
    expect(findings.map((f) => f.peer.kind === 'endpoint' && f.peer.workload).sort()).toEqual(['scraper', 'worker']);
    expect(new Set(findings.map((f) => f.id)).size).toBe(2);
  });

  it('counts reply verdicts apart and never turns them into findings', () => {
    const flows = [
      flowBetween('blog/blog', 'traefik/traefik', { direction: 'EGRESS', port: 8000 }),
      flowBetween('blog/blog', 'traefik/traefik', { direction: 'EGRESS', port: 8000, isReply: true }),
      flowBetween('blog/blog', 'traefik/traefik', { direction: 'EGRESS', port: 8000, isReply: true }),
    ];
    const { findings, accounting } = extractFindings(flows);
    expect(findings.map((f) => f.flows)).toEqual([1]);
    expect(accounting).toEqual([{ namespace: 'blog', auditVerdicts: 1, inFindings: 1, replyVerdicts: 2, skipped: {} }]);
  });

  it('credits the namespace whose policy reported the verdict, not the peer namespace', () => {
    const flows = [
      flowBetween('traefik/traefik', 'blog/blog', { direction: 'INGRESS', port: 80 }),
      flowBetween('argocd/server', 'kube-system/coredns', { direction: 'EGRESS', port: 53, protocol: 'UDP' }),
    ];
    expect(flows.map(policyNamespace)).toEqual(['blog', 'argocd']);
    expect(extractFindings(flows).accounting.map((a) => [a.namespace, a.auditVerdicts, a.inFindings])).toEqual([['argocd', 1, 1], ['blog', 1, 1]]);
  });

  it('explains every verdict that cannot become a finding (a pod address posing as world) by its code', () => {
    const pod = flowBetween('prod/web', 'prod/api', { direction: 'EGRESS', port: 8080, destinationIp: '10.0.9.9' });
    const asWorld = flowBetween('prod/api', 'reserved:world', { direction: 'EGRESS', port: 8080, destinationIp: '10.0.9.9' });
    const podAt = { ...pod, ip: { ...pod.ip, source: '10.0.9.9' } };
    const { accounting } = extractFindings([podAt, asWorld]);
    expect(accounting).toEqual([{ namespace: 'prod', auditVerdicts: 2, inFindings: 1, replyVerdicts: 0, skipped: { LSP009: 1 } }]);
  });

  it('holds for a mixed capture: findings per namespace equal the AUDIT verdicts counted independently', () => {
    const flows: Flow[] = [];
    const refs = ['blog/blog', 'webapp/webapp', 'webapp/postgres', 'argocd/server', 'traefik/traefik'];
    for (let i = 0; i < 400; i++) {
      const from = refs[i % refs.length];
      const to = refs[(i * 7 + 3) % refs.length];
      const verdict = i % 5 === 0 ? 'FORWARDED' : 'AUDIT';
      const labelless = i % 11 === 0 ? { source: debugPod } : {};
      flows.push(flowBetween(from, to, { direction: i % 2 ? 'INGRESS' : 'EGRESS', port: 1000 + (i % 9), verdict, isReply: i % 13 === 0, eventType: i % 17 === 0 ? 4 : 5, ...labelless }));
    }
    const { accounting } = extractFindings(flows);
    const expected = auditVerdicts(flows);
    expect(Object.fromEntries(accounting.map((a) => [a.namespace, a.auditVerdicts]))).toEqual(expected);
    for (const a of accounting) expect(a.inFindings).toBe(a.auditVerdicts);
  });
});
