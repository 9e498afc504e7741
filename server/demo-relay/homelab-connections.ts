import type { ScenarioConnection } from './scenario-types';

/**
 * Every kind of connection in the homelab, with how the declared policies (homelab-policies.ts) treat it. This is
 * the source of truth for the findings: `uncovered` directions of selected endpoints become AUDIT (blog, webapp,
 * argocd) or DROPPED with POLICY_DENIED (monitoring); everything else is FORWARDED. Ports are container ports.
 */

type Options = Omit<ScenarioConnection, 'id' | 'from' | 'to' | 'port' | 'protocol' | 'weight' | 'note'>;

function tcp(id: string, from: string, to: string, port: number, weight: number, note: string, options: Options = {}): ScenarioConnection {
  return { id, from, to, port, protocol: 'TCP', weight, note, ...options };
}

/** Kubelet probes from the pod's own node: covered everywhere by `fromEntities: [host]` (l3-only). */
function probe(workload: string, port: number): ScenarioConnection {
  const id = `kubelet-probe-${workload.split('/')[1]}-${port}`;
  return tcp(id, 'entity:host', workload, port, 1.5, 'kubelet liveness/readiness probe', { match: 'l3-only', durationMs: [1, 4] });
}

/** The homelab's connections. */
export function homelabConnections(): ScenarioConnection[] {
  return [
    // Internet → Traefik → apps.
    tcp('internet-to-traefik-https', 'world:203.0.113.0/24', 'traefik/traefik', 8443, 24, 'visitors over the LoadBalancer IP (Traefik has no policy)', { service: 'traefik/traefik', durationMs: [50, 2000] }),
    tcp('internet-to-traefik-http', 'world:198.51.100.0/24', 'traefik/traefik', 8000, 4, 'plain-HTTP visitors redirected to HTTPS', { service: 'traefik/traefik', durationMs: [5, 50] }),
    tcp('traefik-to-blog', 'traefik/traefik', 'blog/blog', 80, 26, 'blog-policy allows traefik-traefik on 80', { service: 'blog/blog' }),
    tcp('traefik-to-webapp', 'traefik/traefik', 'webapp/webapp', 3000, 16, 'webapp-policy allows Traefik on the container port 3000 (Service port 80)', { service: 'webapp/webapp' }),
    tcp('traefik-to-argocd-server', 'traefik/traefik', 'argocd/argocd-server', 8080, 4, 'argocd policy allows Traefik on 8080', { service: 'argocd/argocd-server', durationMs: [100, 3000] }),
    tcp('traefik-to-grafana', 'traefik/traefik', 'monitoring/grafana', 3000, 5, 'grafana policy allows Traefik on 3000 (also the hairpinned webapp calls)', { service: 'monitoring/kube-prometheus-stack-grafana' }),
    tcp('traefik-to-prometheus', 'traefik/traefik', 'monitoring/prometheus', 9090, 0.6, 'an IngressRoute for prometheus.example.com that the prometheus policy never allowed: DROPPED now that monitoring enforces', { service: 'monitoring/kube-prometheus-stack-prometheus', uncovered: ['ingress'] }),
    tcp('traefik-watch-apiserver', 'traefik/traefik', 'entity:kube-apiserver', 6443, 0.5, 'Traefik watches IngressRoutes', { service: 'default/kubernetes', durationMs: [2000, 8000] }),

    // webapp and its database.
    tcp('webapp-to-postgres', 'webapp/webapp', 'webapp/postgres[0]', 5432, 10, 'allowed on both sides: webapp egress and webapp-db-policy ingress', { service: 'webapp/postgres', resolves: 'postgres.webapp.svc.cluster.local', durationMs: [20, 1500] }),
    tcp('postgres-replication', 'webapp/postgres[1]', 'webapp/postgres[0]', 5432, 0.8, 'streaming replication from the standby: webapp-db-policy only allows app=webapp, so AUDIT at the primary', { uncovered: ['ingress'], durationMs: [3000, 9000] }),
    tcp('debug-pod-to-postgres', 'webapp/debug-netshoot', 'webapp/postgres[0]', 5432, 0.3, 'unwanted: a forgotten netshoot pod poking the database (AUDIT at postgres)', { service: 'webapp/postgres', uncovered: ['ingress'], resolves: 'postgres.webapp.svc.cluster.local', dnsProbability: 0.5 }),
    tcp('webapp-to-mail-relay', 'webapp/webapp', 'world:192.0.2.25', 587, 0.6, 'legitimate: password-reset mail through the ISP smarthost, configured by IP (SMTP submission on 587) since the first day; webapp-policy has no rule for it (AUDIT egress). Triage keeps it in the patch', { uncovered: ['egress'], durationMs: [200, 1500] }),
    tcp('webapp-beacon', 'webapp/webapp', 'world:192.0.2.77', 28082, 0, 'unwanted: a compromised dependency calls home every 10 s (±10 %) to a bare IP on a high port, a few bytes each time (AUDIT egress). Triage holds it for review', { uncovered: ['egress'], durationMs: [20, 120], every: { periodMs: 10_000, jitter: 0.1 } }),
    tcp('webapp-to-grafana-via-public-hostname', 'webapp/webapp', 'traefik/traefik', 8443, 1.2, 'unwanted hairpin: webapp calls https://grafana.example.com, which leaves through the LoadBalancer IP and comes back via Traefik (AUDIT egress at webapp)', { service: 'traefik/traefik', uncovered: ['egress'], resolves: 'grafana.example.com', dnsProbability: 0.5 }),

    // blog.
    tcp('blog-to-cdn', 'blog/blog', 'world:151.101.65.91', 443, 2, 'the blog fetches webmentions from a CDN address; its DNS is not proxied, so Cilium knows the CIDR only (no egress policy)', { durationMs: [40, 400] }),

    // homepage (enforcing) and Uptime Kuma (in audit): every connection is allowed by their policies.
    tcp('traefik-to-homepage', 'traefik/traefik', 'homepage/homepage', 3000, 2, 'homepage policy allows Traefik on 3000', { service: 'homepage/homepage' }),
    tcp('homepage-to-apiserver', 'homepage/homepage', 'entity:kube-apiserver', 6443, 0.5, 'the start page lists Ingresses for its tiles: toEntities kube-apiserver on 6443', { service: 'default/kubernetes', durationMs: [20, 300] }),
    tcp('traefik-to-uptime-kuma', 'traefik/traefik', 'uptime/uptime-kuma', 3001, 1, 'uptime-kuma policy allows Traefik on 3001', { service: 'uptime/uptime-kuma' }),
    tcp('uptime-kuma-checks-blog', 'uptime/uptime-kuma', 'traefik/traefik', 8443, 1, 'status checks of the public sites through Traefik: uptime-kuma policy allows Traefik on 8443', { service: 'traefik/traefik', durationMs: [20, 400] }),

    // Argo CD.
    tcp('argocd-repo-server-to-api-github', 'argocd/argocd-repo-server', 'fqdn:api.github.com', 443, 2, 'toFQDNs *.github.com covers it', { durationMs: [200, 1500] }),
    tcp('argocd-repo-server-to-codeload-github', 'argocd/argocd-repo-server', 'fqdn:codeload.github.com', 443, 1.5, 'toFQDNs *.github.com covers it', { durationMs: [300, 2500] }),
    tcp('argocd-repo-server-to-raw-githubusercontent', 'argocd/argocd-repo-server', 'fqdn:raw.githubusercontent.com', 443, 1.2, 'Helm chart values from raw.githubusercontent.com: the argocd policy lacks *.githubusercontent.com (AUDIT egress)', { uncovered: ['egress'], durationMs: [100, 900] }),
    tcp('argocd-server-to-repo-server', 'argocd/argocd-server', 'argocd/argocd-repo-server', 8081, 4, 'argocd-internal, allowed on both sides', { service: 'argocd/argocd-repo-server', match: 'l3-only', resolves: 'argocd-repo-server.argocd.svc.cluster.local' }),
    tcp('argocd-server-to-redis', 'argocd/argocd-server', 'argocd/argocd-redis', 6379, 4, 'argocd-internal, allowed on both sides', { service: 'argocd/argocd-redis', match: 'l3-only', resolves: 'argocd-redis.argocd.svc.cluster.local' }),
    tcp('argocd-controller-to-repo-server', 'argocd/argocd-application-controller', 'argocd/argocd-repo-server', 8081, 3, 'argocd-internal', { service: 'argocd/argocd-repo-server', match: 'l3-only', resolves: 'argocd-repo-server.argocd.svc.cluster.local' }),
    tcp('argocd-controller-to-redis', 'argocd/argocd-application-controller', 'argocd/argocd-redis', 6379, 3, 'argocd-internal', { service: 'argocd/argocd-redis', match: 'l3-only', resolves: 'argocd-redis.argocd.svc.cluster.local' }),
    tcp('argocd-controller-to-apiserver', 'argocd/argocd-application-controller', 'entity:kube-apiserver', 6443, 3, 'toEntities kube-apiserver', { service: 'default/kubernetes', match: 'l3-only', durationMs: [500, 6000] }),
    tcp('argocd-server-to-apiserver', 'argocd/argocd-server', 'entity:kube-apiserver', 6443, 1, 'toEntities kube-apiserver', { service: 'default/kubernetes', match: 'l3-only', durationMs: [500, 6000] }),

    // Monitoring (enforcing): Prometheus egress is toEntities cluster, so scrapes are FORWARDED at the source;
    // the targets in audit namespaces never allowed Prometheus.
    tcp('prometheus-scrape-blog', 'monitoring/prometheus', 'blog/blog', 9113, 2, 'nginx exporter sidecar; blog-policy does not allow Prometheus (AUDIT ingress)', { uncovered: ['ingress'], match: 'l3-only', durationMs: [3, 30] }),
    tcp('prometheus-scrape-webapp', 'monitoring/prometheus', 'webapp/webapp', 3000, 2, '/metrics on the app port; webapp-policy allows only Traefik there (AUDIT ingress)', { uncovered: ['ingress'], match: 'l3-only', durationMs: [3, 30] }),
    tcp('prometheus-scrape-postgres-exporter', 'monitoring/prometheus', 'webapp/postgres', 9187, 2, 'postgres-exporter sidecar (AUDIT ingress)', { uncovered: ['ingress'], match: 'l3-only', durationMs: [3, 60] }),
    tcp('prometheus-scrape-argocd-server', 'monitoring/prometheus', 'argocd/argocd-server', 8083, 1, 'argocd policy has no Prometheus rule (AUDIT ingress)', { uncovered: ['ingress'], match: 'l3-only', durationMs: [3, 30] }),
    tcp('prometheus-scrape-argocd-repo-server', 'monitoring/prometheus', 'argocd/argocd-repo-server', 8084, 1, 'argocd policy has no Prometheus rule (AUDIT ingress)', { uncovered: ['ingress'], match: 'l3-only', durationMs: [3, 30] }),
    tcp('prometheus-scrape-argocd-controller', 'monitoring/prometheus', 'argocd/argocd-application-controller', 8082, 1, 'argocd policy has no Prometheus rule (AUDIT ingress)', { uncovered: ['ingress'], match: 'l3-only', durationMs: [3, 30] }),
    tcp('prometheus-scrape-traefik', 'monitoring/prometheus', 'traefik/traefik', 9100, 2, 'Traefik has no policy yet', { match: 'l3-only', durationMs: [3, 30] }),
    tcp('prometheus-scrape-coredns', 'monitoring/prometheus', 'kube-system/coredns', 9153, 1.5, 'kube-system has no policy', { match: 'l3-only', durationMs: [3, 30] }),
    tcp('prometheus-scrape-grafana', 'monitoring/prometheus', 'monitoring/grafana', 3000, 1, 'grafana policy allows Prometheus', { match: 'l3-only', durationMs: [3, 30] }),
    tcp('prometheus-scrape-node-exporter', 'monitoring/prometheus', 'entity:remote-node', 9100, 2, 'node-exporter on the other nodes (host network)', { match: 'l3-only', durationMs: [5, 40] }),
    tcp('prometheus-scrape-kubelet', 'monitoring/prometheus', 'entity:host', 10250, 1, 'cAdvisor on its own node', { match: 'l3-only', durationMs: [5, 60] }),
    tcp('prometheus-discovery-apiserver', 'monitoring/prometheus', 'entity:kube-apiserver', 6443, 0.8, 'service discovery', { service: 'default/kubernetes', match: 'l3-only', durationMs: [1000, 6000] }),
    tcp('grafana-to-prometheus', 'monitoring/grafana', 'monitoring/prometheus', 9090, 6, 'dashboard queries; allowed on both sides', { service: 'monitoring/kube-prometheus-stack-prometheus', resolves: 'kube-prometheus-stack-prometheus.monitoring.svc.cluster.local' }),
    tcp('grafana-update-check', 'monitoring/grafana', 'world:34.120.177.193', 443, 0.5, 'grafana.com update check; the grafana policy allows no world egress (DROPPED)', { uncovered: ['egress'] }),

    // kube-system and Cilium's own traffic.
    { id: 'coredns-upstream', from: 'kube-system/coredns', to: 'world:1.1.1.1', port: 53, protocol: 'UDP', weight: 3, note: 'CoreDNS forwards external names upstream' },
    tcp('coredns-watch-apiserver', 'kube-system/coredns', 'entity:kube-apiserver', 6443, 0.4, 'the kubernetes plugin watches Services', { service: 'default/kubernetes', durationMs: [2000, 8000] }),
    { id: 'health-icmp-local', from: 'entity:host', to: 'entity:health', port: 0, protocol: 'ICMPv4', weight: 1.5, note: 'cilium-health probes its node' },
    { id: 'health-icmp-remote', from: 'entity:remote-node', to: 'entity:health', port: 0, protocol: 'ICMPv4', weight: 2, note: 'cilium-health probes from the other nodes' },
    tcp('health-http-remote', 'entity:remote-node', 'entity:health', 4240, 2, 'cilium-health HTTP probes', { durationMs: [1, 5] }),

    ...[
      ['traefik/traefik', 8080], ['blog/blog', 80], ['webapp/webapp', 3000], ['webapp/postgres', 5432],
      ['argocd/argocd-server', 8080], ['argocd/argocd-repo-server', 8081], ['argocd/argocd-redis', 6379],
      ['argocd/argocd-application-controller', 8082], ['monitoring/prometheus', 9090], ['monitoring/grafana', 3000],
      ['kube-system/coredns', 8080], ['kube-system/coredns', 8181], ['homepage/homepage', 3000], ['uptime/uptime-kuma', 3001],
    ].map(([workload, port]) => probe(workload as string, port as number)),
  ];
}
