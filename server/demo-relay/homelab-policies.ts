import type { CiliumNetworkPolicy, EgressRule, EndpointSelector, IngressRule, Rule } from '@/lib/policy/cnp-types';

/**
 * The CiliumNetworkPolicies the homelab has already shipped (rollout step 4), one per selected workload group.
 * blog-policy and webapp-db-policy are the blog post's files verbatim; the others follow the same author's
 * repository, with the gaps that the scenario's connection list marks `uncovered` (those produce the AUDIT and
 * DROPPED findings). Plain objects so that later features can merge suggestions into them.
 */

const TRAEFIK: EndpointSelector = {
  matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'traefik', 'k8s:app.kubernetes.io/instance': 'traefik-traefik' },
};
const KUBE_DNS: EndpointSelector = { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } };
const HOST_AND_HEALTH: IngressRule = { fromEntities: ['host', 'health'] };

function tcp(port: number): { ports: { port: string; protocol: 'TCP' }[] }[] {
  return [{ ports: [{ port: String(port), protocol: 'TCP' }] }];
}

/** Egress to CoreDNS on 53 (UDP and TCP); with `proxied`, through the DNS proxy so toFQDNs can learn IPs. */
function dnsEgress(proxied: boolean): EgressRule {
  const ports = [{ port: '53', protocol: 'ANY' as const }];
  return { toEndpoints: [KUBE_DNS], toPorts: [proxied ? { ports, rules: { dns: [{ matchPattern: '*' }] } } : { ports }] };
}

function cnp(name: string, namespace: string, spec: Rule): CiliumNetworkPolicy {
  return { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name, namespace }, spec };
}

/**
 * The policies of the audit and enforcing namespaces (blog, webapp, argocd, uptime: audit; monitoring, homepage:
 * enforcing). uptime-kuma and homepage cover every connection they make.
 */
export function homelabPolicies(): CiliumNetworkPolicy[] {
  return [
    cnp('blog-policy', 'blog', {
      endpointSelector: { matchLabels: { 'app.kubernetes.io/name': 'blog' } },
      ingress: [{ fromEndpoints: [TRAEFIK], toPorts: tcp(80) }, HOST_AND_HEALTH],
    }),
    cnp('webapp-policy', 'webapp', {
      endpointSelector: { matchLabels: { app: 'webapp' } },
      ingress: [{ fromEndpoints: [TRAEFIK], toPorts: tcp(3000) }, HOST_AND_HEALTH],
      egress: [
        { toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'webapp', app: 'postgres' } }], toPorts: tcp(5432) },
        dnsEgress(false),
      ],
    }),
    cnp('webapp-db-policy', 'webapp', {
      endpointSelector: { matchLabels: { app: 'postgres' } },
      ingress: [
        { fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'webapp', app: 'webapp' } }], toPorts: tcp(5432) },
        HOST_AND_HEALTH,
      ],
    }),
    cnp('argocd', 'argocd', {
      endpointSelector: {},
      ingress: [
        { fromEndpoints: [TRAEFIK], toPorts: tcp(8080) },
        { fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'argocd' } }] },
        HOST_AND_HEALTH,
      ],
      egress: [
        dnsEgress(true),
        { toFQDNs: [{ matchPattern: '*.github.com' }], toPorts: tcp(443) },
        { toEntities: ['kube-apiserver'] },
        { toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'argocd' } }] },
      ],
    }),
    cnp('homepage', 'homepage', {
      endpointSelector: { matchLabels: { 'app.kubernetes.io/name': 'homepage' } },
      ingress: [{ fromEndpoints: [TRAEFIK], toPorts: tcp(3000) }, HOST_AND_HEALTH],
      egress: [{ toEntities: ['kube-apiserver'], toPorts: tcp(6443) }],
    }),
    cnp('uptime-kuma', 'uptime', {
      endpointSelector: { matchLabels: { 'app.kubernetes.io/name': 'uptime-kuma' } },
      ingress: [{ fromEndpoints: [TRAEFIK], toPorts: tcp(3001) }, HOST_AND_HEALTH],
      egress: [{ toEndpoints: [TRAEFIK], toPorts: tcp(8443) }],
    }),
    cnp('prometheus', 'monitoring', {
      endpointSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      ingress: [
        { fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'monitoring', 'k8s:app.kubernetes.io/name': 'grafana' } }], toPorts: tcp(9090) },
        HOST_AND_HEALTH,
      ],
      egress: [dnsEgress(false), { toEntities: ['cluster'] }],
    }),
    cnp('grafana', 'monitoring', {
      endpointSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana' } },
      ingress: [
        { fromEndpoints: [TRAEFIK], toPorts: tcp(3000) },
        { fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'monitoring', 'k8s:app.kubernetes.io/name': 'prometheus' } }], toPorts: tcp(3000) },
        HOST_AND_HEALTH,
      ],
      egress: [
        dnsEgress(false),
        { toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'monitoring', 'k8s:app.kubernetes.io/name': 'prometheus' } }], toPorts: tcp(9090) },
      ],
    }),
  ];
}
