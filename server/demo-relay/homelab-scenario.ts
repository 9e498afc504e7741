import { homelabConnections } from './homelab-connections';
import { homelabPolicies } from './homelab-policies';
import type { Scenario, ScenarioNode, ScenarioWorkload } from './scenario-types';

/** The demo cluster's name (`cluster-name` in its cilium-config): its pods carry `io.cilium.k8s.policy.cluster=homelab`. */
export const HOMELAB_CLUSTER_NAME = 'homelab';

/**
 * The homelab cluster of the rollout blog post (rollout-blog-post.txt): three Talos nodes with native routing and
 * kube-proxy replacement, Traefik in front of a blog, a webapp with PostgreSQL, Argo CD pulling from GitHub, and
 * kube-prometheus-stack. blog, webapp and argocd are in audit (per-endpoint PolicyAuditMode, since the cluster-wide
 * switch would also stop enforcement in monitoring, which already enforces); traefik and kube-system have no
 * policy yet. Two small namespaces stand further along, with policies that cover all their traffic: uptime (Uptime
 * Kuma) is in audit and quiet, ready to enforce; homepage (a start page) was observed and enforces. What each
 * connection does under the declared policies is in homelab-connections.ts.
 */

function node(n: number, routerHost: number, healthHost: number): ScenarioNode {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': `node-${n}`,
    'kubernetes.io/os': 'linux',
  };
  if (n === 1) labels['node-role.kubernetes.io/control-plane'] = '';
  return {
    name: `node-${n}`,
    ip: `192.168.1.${10 + n}`,
    podCidr: `10.244.${n - 1}.0/24`,
    routerIp: `10.244.${n - 1}.${routerHost}`,
    healthIp: `10.244.${n - 1}.${healthHost}`,
    controlPlane: n === 1,
    labels,
  };
}

const ALL_NODES = ['node-1', 'node-2', 'node-3'];

const WORKLOADS: ScenarioWorkload[] = [
  {
    namespace: 'traefik', name: 'traefik', kind: 'DaemonSet', serviceAccount: 'traefik', placement: ALL_NODES,
    labels: { 'app.kubernetes.io/instance': 'traefik-traefik', 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/name': 'traefik', 'helm.sh/chart': 'traefik-34.4.1' },
    ports: [{ name: 'web', port: 8000, protocol: 'TCP' }, { name: 'websecure', port: 8443, protocol: 'TCP' }, { name: 'metrics', port: 9100, protocol: 'TCP' }, { name: 'traefik', port: 8080, protocol: 'TCP' }],
  },
  {
    namespace: 'blog', name: 'blog', kind: 'Deployment', serviceAccount: 'default', placement: ['node-2', 'node-3'],
    labels: { 'app.kubernetes.io/name': 'blog' },
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'metrics', port: 9113, protocol: 'TCP' }],
    policies: { ingress: ['blog-policy'] },
  },
  {
    namespace: 'webapp', name: 'webapp', kind: 'Deployment', serviceAccount: 'webapp', placement: ['node-1', 'node-3'],
    labels: { app: 'webapp' },
    ports: [{ name: 'http', port: 3000, protocol: 'TCP' }],
    policies: { ingress: ['webapp-policy'], egress: ['webapp-policy'] },
  },
  {
    namespace: 'webapp', name: 'postgres', kind: 'StatefulSet', serviceAccount: 'postgres', placement: ['node-2', 'node-3'],
    labels: { app: 'postgres' }, podIdentityLabels: true,
    ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }, { name: 'metrics', port: 9187, protocol: 'TCP' }],
    policies: { ingress: ['webapp-db-policy'] },
  },
  {
    namespace: 'webapp', name: 'debug-netshoot', kind: 'Pod', serviceAccount: 'default', placement: ['node-2'],
    labels: { run: 'debug-netshoot' }, ports: [],
  },
  argocd('argocd-server', 'server', 'Deployment', ['node-1'], [['server', 8080], ['metrics', 8083]]),
  argocd('argocd-repo-server', 'repo-server', 'Deployment', ['node-2', 'node-3'], [['server', 8081], ['metrics', 8084]]),
  argocd('argocd-application-controller', 'application-controller', 'StatefulSet', ['node-3'], [['metrics', 8082]]),
  argocd('argocd-redis', 'redis', 'Deployment', ['node-2'], [['redis', 6379]]),
  {
    namespace: 'monitoring', name: 'prometheus', kind: 'StatefulSet', serviceAccount: 'kube-prometheus-stack-prometheus', placement: ['node-1'],
    labels: { 'app.kubernetes.io/instance': 'kube-prometheus-stack-prometheus', 'app.kubernetes.io/managed-by': 'prometheus-operator', 'app.kubernetes.io/name': 'prometheus', 'operator.prometheus.io/name': 'kube-prometheus-stack-prometheus' },
    ports: [{ name: 'http-web', port: 9090, protocol: 'TCP' }],
    policies: { ingress: ['prometheus'], egress: ['prometheus'] },
  },
  {
    namespace: 'monitoring', name: 'grafana', kind: 'Deployment', serviceAccount: 'kube-prometheus-stack-grafana', placement: ['node-2'],
    labels: { 'app.kubernetes.io/instance': 'kube-prometheus-stack', 'app.kubernetes.io/name': 'grafana' },
    ports: [{ name: 'grafana', port: 3000, protocol: 'TCP' }],
    policies: { ingress: ['grafana'], egress: ['grafana'] },
  },
  {
    namespace: 'homepage', name: 'homepage', kind: 'Deployment', serviceAccount: 'homepage', placement: ['node-1'],
    labels: { 'app.kubernetes.io/name': 'homepage' },
    ports: [{ name: 'http', port: 3000, protocol: 'TCP' }],
    policies: { ingress: ['homepage'], egress: ['homepage'] },
  },
  {
    namespace: 'uptime', name: 'uptime-kuma', kind: 'StatefulSet', serviceAccount: 'default', placement: ['node-3'],
    labels: { 'app.kubernetes.io/name': 'uptime-kuma' },
    ports: [{ name: 'http', port: 3001, protocol: 'TCP' }],
    policies: { ingress: ['uptime-kuma'], egress: ['uptime-kuma'] },
  },
  {
    namespace: 'kube-system', name: 'coredns', kind: 'Deployment', serviceAccount: 'coredns', placement: ['node-1', 'node-2'],
    labels: { 'k8s-app': 'kube-dns' },
    extraLabels: ['gen:io.cilium.k8s.named-ports=dns.UDP.53_dns-tcp.TCP.53_metrics.TCP.9153'],
    ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'metrics', port: 9153, protocol: 'TCP' }, { name: 'health', port: 8080, protocol: 'TCP' }, { name: 'ready', port: 8181, protocol: 'TCP' }],
  },
];

function argocd(name: string, component: string, kind: 'Deployment' | 'StatefulSet', placement: string[], ports: [string, number][]): ScenarioWorkload {
  return {
    namespace: 'argocd', name, kind, serviceAccount: name, placement, dnsProxy: true,
    labels: { 'app.kubernetes.io/component': component, 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'argocd' },
    ports: ports.map(([portName, port]) => ({ name: portName, port, protocol: 'TCP' as const })),
    policies: { ingress: ['argocd'], egress: ['argocd'] },
  };
}

/** The homelab scenario. A fresh object each call, so callers may modify their copy. */
export function homelabScenario(): Scenario {
  return {
    clusterName: HOMELAB_CLUSTER_NAME,
    nodes: [node(1, 84, 201), node(2, 17, 142), node(3, 233, 58)],
    namespaces: [
      { name: 'argocd', rollout: 'audit', auditWindow: 'open' },
      { name: 'blog', rollout: 'audit', auditWindow: 'open' },
      { name: 'homepage', rollout: 'enforcing', auditWindow: 'closed' },
      { name: 'kube-system', rollout: 'unselected' },
      { name: 'monitoring', rollout: 'enforcing', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
      { name: 'traefik', rollout: 'unselected' },
      { name: 'uptime', rollout: 'audit', auditWindow: 'open' },
      { name: 'webapp', rollout: 'audit', auditWindow: 'open' },
    ],
    workloads: structuredClone(WORKLOADS),
    services: [
      { namespace: 'default', name: 'kubernetes', clusterIP: '10.96.0.1', workload: 'entity:kube-apiserver', ports: [{ port: 443, targetPort: 6443, protocol: 'TCP' }] },
      { namespace: 'kube-system', name: 'kube-dns', clusterIP: '10.96.0.10', workload: 'kube-system/coredns', ports: [{ port: 53, targetPort: 53, protocol: 'UDP' }, { port: 53, targetPort: 53, protocol: 'TCP' }, { port: 9153, targetPort: 9153, protocol: 'TCP' }] },
      { namespace: 'traefik', name: 'traefik', clusterIP: '10.96.120.4', loadBalancerIP: '192.168.1.240', workload: 'traefik/traefik', ports: [{ port: 80, targetPort: 8000, protocol: 'TCP' }, { port: 443, targetPort: 8443, protocol: 'TCP' }] },
      { namespace: 'blog', name: 'blog', clusterIP: '10.103.46.212', workload: 'blog/blog', ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] },
      { namespace: 'webapp', name: 'webapp', clusterIP: '10.97.8.155', workload: 'webapp/webapp', ports: [{ port: 80, targetPort: 3000, protocol: 'TCP' }] },
      { namespace: 'webapp', name: 'postgres', clusterIP: '10.108.213.9', workload: 'webapp/postgres', ports: [{ port: 5432, targetPort: 5432, protocol: 'TCP' }] },
      { namespace: 'argocd', name: 'argocd-server', clusterIP: '10.98.77.30', workload: 'argocd/argocd-server', ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }, { port: 443, targetPort: 8080, protocol: 'TCP' }] },
      { namespace: 'argocd', name: 'argocd-repo-server', clusterIP: '10.110.5.201', workload: 'argocd/argocd-repo-server', ports: [{ port: 8081, targetPort: 8081, protocol: 'TCP' }] },
      { namespace: 'argocd', name: 'argocd-redis', clusterIP: '10.104.19.66', workload: 'argocd/argocd-redis', ports: [{ port: 6379, targetPort: 6379, protocol: 'TCP' }] },
      { namespace: 'monitoring', name: 'kube-prometheus-stack-prometheus', clusterIP: '10.101.250.3', workload: 'monitoring/prometheus', ports: [{ port: 9090, targetPort: 9090, protocol: 'TCP' }] },
      { namespace: 'homepage', name: 'homepage', clusterIP: '10.99.31.7', workload: 'homepage/homepage', ports: [{ port: 80, targetPort: 3000, protocol: 'TCP' }] },
      { namespace: 'uptime', name: 'uptime-kuma', clusterIP: '10.106.72.41', workload: 'uptime/uptime-kuma', ports: [{ port: 80, targetPort: 3001, protocol: 'TCP' }] },
      { namespace: 'monitoring', name: 'kube-prometheus-stack-grafana', clusterIP: '10.105.64.77', workload: 'monitoring/grafana', ports: [{ port: 80, targetPort: 3000, protocol: 'TCP' }] },
    ],
    dns: {
      'api.github.com': ['140.82.121.6'],
      'codeload.github.com': ['140.82.121.9'],
      'raw.githubusercontent.com': ['185.199.108.133', '185.199.109.133', '185.199.110.133', '185.199.111.133'],
      'grafana.example.com': ['192.168.1.240'],
    },
    policies: homelabPolicies(),
    connections: homelabConnections(),
  };
}
