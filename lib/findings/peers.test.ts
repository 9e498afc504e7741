import { describe, expect, it } from 'vitest';
import { endpoint, flowBetween } from '../testing/flow-builders';
import { extractFindings } from './extract-findings';

const web = { labels: { app: 'web' } };
const egress = (to: string, options = {}) => flowBetween('prod/web', to, { direction: 'EGRESS', port: 443, source: web, ...options });

describe('peers', () => {
  it('a same-namespace peer has no namespace label; another namespace adds k8s:io.kubernetes.pod.namespace (§2)', () => {
    const { findings } = extractFindings([egress('prod/api', { destination: { labels: { app: 'api' } } }), egress('data/db', { destination: { labels: { app: 'db' } } })]);
    expect(findings.map((f) => f.peer)).toEqual([
      { kind: 'endpoint', namespace: 'data', workload: 'db', selector: { 'k8s:io.kubernetes.pod.namespace': 'data', 'k8s:app': 'db' } },
      { kind: 'endpoint', namespace: 'prod', workload: 'api', selector: { 'k8s:app': 'api' } },
    ]);
  });

  it.each([
    ['reserved:host', 'host'],
    ['reserved:remote-node', 'remote-node'],
    ['reserved:kube-apiserver', 'kube-apiserver'],
    ['reserved:health', 'health'],
    ['reserved:ingress', 'ingress'],
  ])('%s becomes the entity %s, never a CIDR (§13)', (ref, entity) => {
    const [f] = extractFindings([egress(ref, { destinationIp: '10.0.0.5' })]).findings;
    expect(f.peer).toEqual({ kind: 'entity', entity });
  });

  it('world-ipv4 / world-ipv6 fold into world (§12)', () => {
    const flow = egress('reserved:world', { destinationNames: ['example.com'] });
    flow.destination = { ...endpoint('reserved:world'), identity: 9, labels: ['reserved:world-ipv4'] };
    expect(extractFindings([flow]).findings[0].peer).toEqual({ kind: 'fqdn', names: ['example.com'] });
  });

  it('world with destination names becomes an FQDN peer (lowercase, no trailing dot), on the app port (§15)', () => {
    const [f] = extractFindings([egress('reserved:world', { destinationNames: ['API.GitHub.com.', 'api.github.com'] })]).findings;
    expect(f).toMatchObject({ peer: { kind: 'fqdn', names: ['api.github.com'] }, port: 443, protocol: 'TCP' });
  });

  it('invalid destination names are ignored with LSP013; none left → CIDR', () => {
    const result = extractFindings([egress('reserved:world', { destinationNames: ['bad name!', 'ok.example.com'] })]);
    expect(result.findings[0].peer).toEqual({ kind: 'fqdn', names: ['ok.example.com'] });
    expect(result.problems.map((p) => p.code)).toContain('LSP013');
    expect(extractFindings([egress('reserved:world', { destinationNames: ['*'], destinationIp: '198.51.100.7' })]).findings[0].peer).toEqual({ kind: 'cidr', cidr: '198.51.100.7/32' });
  });

  it('world without names becomes a /32 or /128 with a warning suggesting FQDN (LSP101)', () => {
    const result = extractFindings([egress('reserved:world', { destinationIp: '203.0.113.10' }), egress('reserved:world', { destinationIp: '2001:db8::10', port: 8443 })]);
    expect(result.findings.map((f) => f.peer)).toEqual([
      { kind: 'cidr', cidr: '2001:db8::10/128' },
      { kind: 'cidr', cidr: '203.0.113.10/32' },
    ]);
    expect(result.problems.filter((p) => p.code === 'LSP101')).toHaveLength(2);
  });

  it('ingress from world uses the client address, with LSP102; never names', () => {
    const flow = flowBetween('reserved:world', 'prod/web', { direction: 'INGRESS', port: 443, destination: web, destinationNames: ['x.example.com'] });
    flow.ip = { ...flow.ip, source: '198.51.100.20' };
    const result = extractFindings([flow]);
    expect(result.findings[0].peer).toEqual({ kind: 'cidr', cidr: '198.51.100.20/32' });
    expect(result.problems.map((p) => p.code)).toEqual(['LSP102']);
  });

  it('never turns a pod or node address into a CIDR (§13): seen pod IPs and configured cluster CIDRs', () => {
    const podIp = '10.0.2.20';
    const flows = [egress('prod/api', { destinationIp: podIp, destination: { labels: { app: 'api' } } }), egress('reserved:world', { destinationIp: podIp, port: 8443 })];
    const result = extractFindings(flows);
    expect(result.findings.map((f) => f.peer.kind)).toEqual(['endpoint']);
    expect(result.problems.map((p) => p.code)).toEqual(['LSP009']);
    const cidr = extractFindings([egress('reserved:world', { destinationIp: '10.244.1.7' })], { clusterCidrs: ['10.244.0.0/16'] });
    expect(cidr.findings).toEqual([]);
    expect(cidr.problems.map((p) => p.code)).toEqual(['LSP009']);
  });

  it('a world peer without a valid address is a problem, not a rule (LSP008)', () => {
    const result = extractFindings([egress('reserved:world', { destinationIp: 'not-an-ip' })]);
    expect(result.findings).toEqual([]);
    expect(result.problems.map((p) => p.code)).toEqual(['LSP008']);
  });
});

describe('ports (§18, §19)', () => {
  it('uses the destination (container) port, even when the flow names a Service', () => {
    const flow = flowBetween('prod/web', 'prod/api', { port: 3000, source: web, destination: { labels: { app: 'api' } } });
    flow.destinationService = { name: 'api', namespace: 'prod' };
    expect(extractFindings([flow]).findings[0]).toMatchObject({ port: 3000, protocol: 'TCP' });
  });

  it('keeps UDP and SCTP, carries the ICMP type for ICMP, reports other protocols (LSP005)', () => {
    const api = { labels: { app: 'api' } };
    const igmp = { ...flowBetween('prod/web', 'prod/api', { source: web, destination: api }), l4: { protocol: 'IGMP' as const, type: 22, groupAddress: '224.0.0.1' } };
    const result = extractFindings([
      flowBetween('prod/web', 'prod/api', { protocol: 'UDP', port: 5353, source: web, destination: api }),
      flowBetween('prod/web', 'prod/api', { protocol: 'SCTP', port: 9899, source: web, destination: api }),
      flowBetween('prod/web', 'prod/api', { protocol: 'ICMPv6', source: web, destination: api }),
      igmp,
    ]);
    expect(result.findings.map((f) => `${f.protocol}/${f.port}`)).toEqual(['ICMPv6/8', 'SCTP/9899', 'UDP/5353']);
    expect(result.problems.map((p) => p.code)).toEqual(['LSP005']);
  });
});
