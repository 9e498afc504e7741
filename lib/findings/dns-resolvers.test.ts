import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dnsFlow, flowBetween } from '../testing/flow-builders';
import { extractFindings } from './extract-findings';
import { flowFromJsonpb } from './testdata/from-jsonpb';

const shop = { labels: { 'app.kubernetes.io/name': 'shop' } };
const coredns = { labels: { 'app.kubernetes.io/name': 'coredns' } };
const toGithub = (options = {}) => flowBetween('shop/shop', 'reserved:world', { port: 443, destinationNames: ['api.github.com'], source: shop, ...options });

describe('DNS resolvers for the FQDN companion rule (§15, "hard-coded kube-dns")', () => {
  it('uses the resolver that answered this workload, with its own labels and namespace', () => {
    const flows = [dnsFlow('shop/shop', 'dns-system/coredns', 'api.github.com', ['140.82.121.6'], { source: shop, destination: coredns }), toGithub()];
    const [f] = extractFindings(flows).findings;
    expect(f.dns).toEqual({
      source: 'observed',
      resolvers: [{ kind: 'endpoint', namespace: 'dns-system', workload: 'coredns', selector: { 'k8s:io.kubernetes.pod.namespace': 'dns-system', 'k8s:app.kubernetes.io/name': 'coredns' } }],
    });
  });

  it('prefers the resolvers that answered the finding names; L3/L4 port-53 traffic counts too', () => {
    const cloud = flowBetween('shop/shop', 'reserved:world', { protocol: 'UDP', port: 53, verdict: 'FORWARDED', eventType: 4, destinationIp: '169.254.169.254', source: shop });
    const flows = [cloud, dnsFlow('shop/shop', 'dns-system/coredns', 'api.github.com', [], { source: shop, destination: coredns }), toGithub()];
    expect(extractFindings(flows).findings[0].dns?.resolvers).toMatchObject([{ kind: 'endpoint', workload: 'coredns' }]);
    const other = extractFindings([cloud, toGithub()]).findings[0];
    expect(other.dns).toEqual({ source: 'observed', resolvers: [{ kind: 'cidr', cidr: '169.254.169.254/32' }] });
  });

  it("falls back to other workloads' resolvers (LSP104), then to kube-dns with a warning (LSP103)", () => {
    const inferred = extractFindings([dnsFlow('shop/web', 'dns-system/coredns', 'x.example', [], { destination: coredns }), toGithub()]);
    expect(inferred.findings[0].dns?.source).toBe('inferred');
    expect(inferred.problems.map((p) => p.code)).toEqual(['LSP104']);
    const fallback = extractFindings([toGithub()]);
    expect(fallback.findings[0].dns).toEqual({
      source: 'fallback',
      resolvers: [{ kind: 'endpoint', namespace: 'kube-system', workload: 'kube-dns', selector: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }],
    });
    expect(fallback.problems).toMatchObject([{ code: 'LSP103', severity: 'warning', findingIds: [fallback.findings[0].id] }]);
  });

  it('reads real captures: responses come back from the resolver (is_reply), kube-dns answers node-local-dns', () => {
    const lines = fs.readFileSync(`${__dirname}/testdata/hubble-otel_basic-sample-330-dns-flows.json`, 'utf8').trim().split('\n');
    const flows = lines.map(flowFromJsonpb);
    expect(extractFindings(flows).findings).toEqual([]); // FORWARDED only: nothing to suggest
    const client = flows[0].source; // node-local-dns, kube-system
    const audit = { ...flowBetween('kube-system/node-local-dns', 'reserved:world', { port: 443, destinationNames: ['storage.googleapis.com'] }), source: client };
    const [f] = extractFindings([...flows, audit]).findings;
    expect(f.subject).toMatchObject({ namespace: 'kube-system', selector: { 'k8s-app': 'node-local-dns' } });
    expect(f.dns).toEqual({ source: 'observed', resolvers: [{ kind: 'endpoint', namespace: 'kube-system', workload: 'kube-dns', selector: { 'k8s:k8s-app': 'kube-dns' } }] });
  });
});
