import { describe, expect, it } from 'vitest';
import { lintPolicies } from '../run';
import { flowBetween } from '../../testing/flow-builders';
import type { Flow } from '../../flow/flow';
import { loadUpstream } from '../../policy/testdata/upstream/load-upstream';

/** The blog post's Grafana policy (kube-prometheus-stack) plus a dashboard allow from another namespace. */
const GRAFANA = loadUpstream('homelab-mortennordbye/k8s/talos/infra/kube-prometheus-stack/ciliumnetworkpolicy.yaml')
  .filter((p) => p.metadata.name === 'grafana')
  .map((p) => ({ ...p, metadata: { ...p.metadata, namespace: 'monitoring' } }));
GRAFANA[0].spec!.ingress!.push({ fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'dashboard', app: 'dashboard' } }] });

const grafana = { labels: { 'app.kubernetes.io/name': 'grafana' } };
const traefik = { labels: { 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': 'traefik-traefik' } };
const viaTraefik = () => flowBetween('traefik/traefik', 'monitoring/grafana', { direction: 'INGRESS', port: 3000, verdict: 'FORWARDED', source: traefik, destination: grafana });
const dashboardToTraefik = () => flowBetween('dashboard/dashboard', 'traefik/traefik', { direction: 'EGRESS', port: 8443, destination: traefik });
const dashboardDirect = () => flowBetween('dashboard/dashboard', 'monitoring/grafana', { direction: 'INGRESS', port: 3000, destination: grafana });
const lint = (flows: Flow[], ingressControllers?: { namespace: string }[]) =>
  lintPolicies(GRAFANA, { flows, ingressControllers }, { only: ['ingress.via-ingress-controller'] });

describe('ingress.via-ingress-controller', () => {
  it('reports the cross-namespace allow that never matched while traffic arrives through traefik', () => {
    const found = lint([viaTraefik(), viaTraefik(), dashboardToTraefik()]);
    expect(found).toEqual([expect.objectContaining({ code: 'CNP008', severity: 'info', path: 'spec/ingress[3]/fromEndpoints[0]' })]);
    expect(found[0].message).toContain('through the ingress controller traefik/traefik');
    expect(found[0].message).toContain('public hostname');
    expect(found[0].message).toContain('1 flow(s) from the caller to the ingress controller');
  });

  it('does not report the prometheus allow when prometheus shows up, nor the controller itself', () => {
    const scrape = flowBetween('monitoring/prometheus', 'monitoring/grafana', { direction: 'INGRESS', port: 3000, source: { labels: { 'app.kubernetes.io/name': 'prometheus' } }, destination: grafana });
    const found = lint([viaTraefik(), scrape, dashboardDirect()]);
    expect(found).toEqual([]);
  });

  it('stays quiet without ingress-controller traffic, and honours configured controllers', () => {
    expect(lint([dashboardToTraefik()])).toEqual([]);
    expect(lint([viaTraefik()], [{ namespace: 'gateway' }])).toEqual([]);
    expect(lint([viaTraefik()], [{ namespace: 'traefik' }])).toHaveLength(1);
  });
});
