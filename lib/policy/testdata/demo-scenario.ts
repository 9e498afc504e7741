/**
 * The demo scenario of the rollout blog post, as flows (test-only): traefik → blog, host probes, webapp ↔ postgres
 * (a StatefulSet with per-pod labels), argocd-repo-server → GitHub with DNS answered by CoreDNS, a world address
 * without names, a cross-namespace Prometheus scrape, plus noise that must not become findings (replies, FORWARDED
 * traces). Fixed timestamps (flow-builders' FIXED_TIME plus offsets) keep golden files stable.
 */
import type { Flow } from '../../flow/flow';
import { dnsFlow, flowBetween } from '../../testing/flow-builders';

const MIN = 60_000;
export const TRAEFIK = { 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': 'traefik-traefik' };
export const BLOG = { 'app.kubernetes.io/name': 'blog', 'app.kubernetes.io/instance': 'blog' };
export const WEBAPP = { app: 'webapp', 'pod-template-hash': '7d4b9c8f6' };
export const POSTGRES = { app: 'postgres', 'statefulset.kubernetes.io/pod-name': 'postgres-0', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': 'postgres-5d9f8c7b6' };
export const REPO_SERVER = { 'app.kubernetes.io/name': 'argocd-repo-server', 'app.kubernetes.io/instance': 'argocd', 'app.kubernetes.io/part-of': 'argocd' };
export const CONTROLLER = { 'app.kubernetes.io/name': 'argocd-application-controller', 'app.kubernetes.io/instance': 'argocd' };
export const COREDNS = { 'k8s-app': 'kube-dns' };
export const PROMETHEUS = { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'kube-prometheus-stack-prometheus' };

/** Flows of the demo scenario, in time order. */
export function demoFlows(): Flow[] {
  const flows: Flow[] = [];
  const at = (minutes: number) => minutes * MIN;
  for (let i = 0; i < 3; i++) {
    flows.push(flowBetween('traefik/traefik', 'blog/blog', { direction: 'INGRESS', port: 80, at: at(i), source: { labels: TRAEFIK }, destination: { labels: BLOG } }));
    flows.push(flowBetween('reserved:host', 'blog/blog', { direction: 'INGRESS', port: 80, at: at(i) + 500, destination: { labels: BLOG } }));
  }
  flows.push(flowBetween('reserved:health', 'blog/blog', { direction: 'INGRESS', protocol: 'ICMPv4', at: at(4), destination: { labels: BLOG } }));
  // One connection between two audited pods: an EGRESS verdict at webapp and an INGRESS verdict at postgres.
  for (let i = 0; i < 2; i++) {
    const pod = { source: { labels: WEBAPP }, destination: { labels: POSTGRES, podName: `postgres-${i}`, workloadKind: 'StatefulSet' } };
    flows.push(flowBetween('webapp/webapp', 'webapp/postgres', { direction: 'EGRESS', port: 5432, at: at(5 + i), ...pod }));
    flows.push(flowBetween('webapp/webapp', 'webapp/postgres', { direction: 'INGRESS', port: 5432, at: at(5 + i) + 1, ...pod }));
    // The replies pass by connection tracking and must never become reverse rules.
    flows.push(flowBetween('webapp/postgres', 'webapp/webapp', { direction: 'EGRESS', port: 40000, isReply: true, at: at(5 + i) + 2, source: pod.destination, destination: pod.source }));
  }
  flows.push(flowBetween('monitoring/prometheus', 'webapp/webapp', { direction: 'INGRESS', port: 9090, at: at(8), source: { labels: PROMETHEUS }, destination: { labels: WEBAPP } }));
  flows.push(flowBetween('reserved:host', 'webapp/webapp', { direction: 'INGRESS', port: 3000, at: at(8) + 10, destination: { labels: WEBAPP } }));
  flows.push(flowBetween('webapp/webapp', 'reserved:world', { direction: 'EGRESS', port: 443, at: at(9), destinationIp: '203.0.113.10', source: { labels: WEBAPP } }));
  const repo = { source: { labels: REPO_SERVER } };
  const dns = { ...repo, destination: { labels: COREDNS, podName: 'coredns-5d78c9869d-abcde' }, destinationIp: '10.0.0.10' };
  flows.push(dnsFlow('argocd/argocd-repo-server', 'kube-system/coredns', 'api.github.com', ['140.82.121.6'], { at: at(10), ...dns }));
  flows.push(dnsFlow('argocd/argocd-repo-server', 'kube-system/coredns', 'codeload.github.com', ['140.82.121.9'], { at: at(10) + 5, ...dns }));
  for (const [i, name, ip] of [[0, 'api.github.com', '140.82.121.6'], [1, 'codeload.github.com', '140.82.121.9'], [2, 'api.github.com', '140.82.121.6']] as const) {
    flows.push(flowBetween('argocd/argocd-repo-server', 'reserved:world', { direction: 'EGRESS', port: 443, at: at(11 + i), destinationNames: [name], destinationIp: ip, ...repo }));
  }
  flows.push(flowBetween('argocd/argocd-application-controller', 'reserved:kube-apiserver', { direction: 'EGRESS', port: 6443, at: at(14), source: { labels: CONTROLLER } }));
  // Noise: a FORWARDED trace event and a FORWARDED policy verdict are not findings.
  flows.push(flowBetween('traefik/traefik', 'blog/blog', { direction: 'INGRESS', port: 80, verdict: 'FORWARDED', eventType: 4, at: at(15), source: { labels: TRAEFIK }, destination: { labels: BLOG } }));
  flows.push(flowBetween('traefik/traefik', 'blog/blog', { direction: 'INGRESS', port: 80, verdict: 'FORWARDED', at: at(15), source: { labels: TRAEFIK }, destination: { labels: BLOG } }));
  return flows;
}
