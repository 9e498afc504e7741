/**
 * §27: replay the recorded flows against existing + suggested policies (with the evaluator in evaluate-*.ts):
 * every wanted AUDIT flow must be allowed, and nothing beyond them.
 */
import { describe, expect, it } from 'vitest';
import { extractFindings } from '../findings/extract-findings';
import type { Flow } from '../flow/flow';
import { flowBetween } from '../testing/flow-builders';
import { CILIUM_API_VERSION, type CiliumNetworkPolicy } from './cnp-types';
import { compilePolicies } from './evaluate-compile';
import { evaluateFlow } from './evaluate-flow';
import { BLOG, demoFlows, POSTGRES, REPO_SERVER, TRAEFIK, WEBAPP } from './testdata/demo-scenario';
import { synthesizeChecked as synthesizePolicies } from './testdata/synthesize-checked';

/** What audit mode needs to report anything (§24): a namespace default-deny in both directions. */
const defaultDeny = (namespace: string): CiliumNetworkPolicy => ({
  apiVersion: CILIUM_API_VERSION,
  kind: 'CiliumNetworkPolicy',
  metadata: { name: 'default-deny', namespace },
  spec: { endpointSelector: {}, ingress: [{}], egress: [{}] },
});
const existing = ['blog', 'webapp', 'argocd'].map(defaultDeny);
const flows = demoFlows();
const suggested = synthesizePolicies(extractFindings(flows).findings).policies.map((p) => p.policy);
// The demo capture holds AUDIT verdicts from the host, which only allow-localhost: policy produces (rule 28).
const cluster = { allowLocalhost: 'policy' } as const;
const before = compilePolicies(existing, { cluster });
const after = compilePolicies([...existing, ...suggested], { cluster });
const allowed = (flow: Flow, policies = after) => evaluateFlow(flow, policies).allowed;
const wanted = flows.filter((f) => f.verdict === 'AUDIT' && f.isReply !== true);

describe('replaying the demo capture against existing + suggested policies', () => {
  it('every AUDIT flow is dropped before and allowed after', () => {
    expect(wanted.length).toBeGreaterThan(10);
    expect(wanted.filter((f) => allowed(f, before))).toEqual([]);
    expect(wanted.filter((f) => !allowed(f)).map((f) => f.summary)).toEqual([]);
  });

  it('the DNS lookups of the FQDN workload pass through the companion rule', () => {
    for (const dns of flows.filter((f) => f.l7?.dns)) expect(allowed({ ...dns, trafficDirection: 'EGRESS' })).toBe(true);
  });

  it.each<[string, Flow]>([
    ['another app in the same namespace', flowBetween('webapp/other', 'webapp/postgres', { direction: 'INGRESS', port: 5432, source: { labels: { app: 'other' } }, destination: { labels: POSTGRES } })],
    ['the same app from another namespace', flowBetween('staging/webapp', 'webapp/postgres', { direction: 'INGRESS', port: 5432, source: { labels: WEBAPP }, destination: { labels: POSTGRES } })],
    ['another port', flowBetween('traefik/traefik', 'blog/blog', { direction: 'INGRESS', port: 8080, source: { labels: TRAEFIK }, destination: { labels: BLOG } })],
    ['world instead of the FQDN', flowBetween('argocd/argocd-repo-server', 'reserved:world', { port: 443, destinationIp: '140.82.121.6', source: { labels: REPO_SERVER } })],
    ['another FQDN', flowBetween('argocd/argocd-repo-server', 'reserved:world', { port: 443, destinationNames: ['evil.example.com'], source: { labels: REPO_SERVER } })],
    ['another world address', flowBetween('webapp/webapp', 'reserved:world', { port: 443, destinationIp: '203.0.113.11', source: { labels: WEBAPP } })],
    ['the reverse direction of a connection', flowBetween('webapp/postgres', 'webapp/webapp', { direction: 'EGRESS', port: 5432, source: { labels: POSTGRES }, destination: { labels: WEBAPP } })],
  ])('%s stays denied', (_name, flow) => {
    expect(allowed(flow)).toBe(false);
  });
});
