/**
 * Typed fixture builders for tests (never imported by non-test code). After hubble-ui's `flowsBetweenPods`:
 * `flowBetween('prod/web', 'prod/api', {port: 8080, verdict: 'DROPPED'})`.
 * Timestamps are fixed (2026-11-01T10:00:00Z plus an offset) so golden outputs stay stable.
 */
import type { Endpoint, Flow, Verdict, TrafficDirection, Layer4 } from '../flow/flow';

export const FIXED_TIME = Date.UTC(2026, 10, 1, 10, 0, 0);
let counter = 0;

/** Options of {@link endpoint}. */
export interface EndpointOptions {
  /** Extra k8s labels (key → value). Default: `{app: <workload>}`. */
  labels?: Record<string, string>;
  identity?: number;
  /** Pod name. Default: `<workload>-7d4b9c8f6-x2x9z`. */
  podName?: string;
  workloadKind?: string;
}

/** A pod endpoint from `namespace/workload`, or a reserved one from `reserved:host`, `reserved:world`, ... */
export function endpoint(ref: string, options: EndpointOptions = {}): Endpoint {
  if (ref.startsWith('reserved:')) {
    const name = ref.slice('reserved:'.length);
    const ids: Record<string, number> = { host: 1, world: 2, health: 4, 'remote-node': 6, 'kube-apiserver': 7, ingress: 8 };
    const labels = name === 'kube-apiserver' ? ['reserved:kube-apiserver', 'reserved:remote-node'] : [`reserved:${name}`];
    return { id: 0, identity: options.identity ?? ids[name] ?? 2, clusterName: '', namespace: '', labels, podName: '', workloads: [] };
  }
  const [namespace, workload] = ref.split('/');
  const k8s = options.labels ?? { app: workload };
  const labels = [
    ...Object.entries(k8s).map(([k, v]) => `k8s:${k}=${v}`),
    `k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=${namespace}`,
    'k8s:io.cilium.k8s.policy.cluster=default',
    `k8s:io.cilium.k8s.policy.serviceaccount=${workload}`,
    `k8s:io.kubernetes.pod.namespace=${namespace}`,
  ].sort();
  return {
    id: 1000 + (hash(ref) % 3000),
    identity: options.identity ?? 256 + (hash(ref) % 60000),
    clusterName: 'default',
    namespace,
    labels,
    podName: options.podName ?? `${workload}-7d4b9c8f6-x2x9z`,
    workloads: [{ name: workload, kind: options.workloadKind ?? 'Deployment' }],
  };
}

/** Options of {@link flowBetween}. Defaults describe a policy-verdict AUDIT on TCP 80, egress. */
export interface FlowBetweenOptions {
  port?: number;
  protocol?: 'TCP' | 'UDP' | 'ICMPv4' | 'ICMPv6' | 'SCTP';
  verdict?: Verdict;
  direction?: TrafficDirection;
  /** Default: 5 (policy verdict). */
  eventType?: number;
  isReply?: boolean;
  dropReason?: string;
  destinationNames?: string[];
  /** Offset from {@link FIXED_TIME} in ms. Default: an increasing counter. */
  at?: number;
  uuid?: string;
  nodeName?: string;
  source?: EndpointOptions;
  destination?: EndpointOptions;
  destinationIp?: string;
}

/** A complete Flow between two endpoint refs (see {@link endpoint}). */
export function flowBetween(from: string, to: string, options: FlowBetweenOptions = {}): Flow {
  const n = counter++;
  const protocol = options.protocol ?? 'TCP';
  const port = options.port ?? 80;
  const l4: Layer4 =
    protocol === 'TCP'
      ? { protocol, sourcePort: 40000 + (n % 20000), destinationPort: port, flags: ['SYN'] }
      : protocol === 'ICMPv4' || protocol === 'ICMPv6'
        ? { protocol, type: 8, code: 0 }
        : { protocol, sourcePort: 40000 + (n % 20000), destinationPort: port };
  const verdict = options.verdict ?? 'AUDIT';
  return {
    uuid: options.uuid ?? `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    time: FIXED_TIME + (options.at ?? n),
    timeNanos: 0,
    verdict,
    dropReason: options.dropReason ?? (verdict === 'DROPPED' ? 'POLICY_DENIED' : ''),
    eventType: options.eventType ?? 5,
    eventSubType: 0,
    type: 'L3_L4',
    trafficDirection: options.direction ?? 'EGRESS',
    isReply: options.isReply ?? false,
    ip: { source: '10.0.1.10', destination: options.destinationIp ?? '10.0.2.20', sourceXlated: '', ipVersion: 'IPv4', encrypted: false },
    l4,
    source: endpoint(from, options.source),
    destination: endpoint(to, options.destination),
    sourceNames: [],
    destinationNames: options.destinationNames ?? [],
    sourceService: undefined,
    destinationService: undefined,
    nodeName: options.nodeName ?? 'homelab/worker-1',
    nodeLabels: [],
    l7: undefined,
    policyMatchType: 0,
    traceObservationPoint: '',
    traceReason: '',
    interfaceName: '',
    proxyPort: 0,
    summary: protocol === 'TCP' ? 'TCP Flags: SYN' : '',
    emitter: { name: 'Hubble', version: '1.19.4' },
    egressAllowedBy: [],
    ingressAllowedBy: [],
    egressDeniedBy: [],
    ingressDeniedBy: [],
  };
}

/** A DNS L7 response flow from `client` to the resolver `resolver` answering `query` with `ips`. */
export function dnsFlow(client: string, resolver: string, query: string, ips: string[], options: FlowBetweenOptions = {}): Flow {
  const base = flowBetween(client, resolver, { port: 53, protocol: 'UDP', verdict: 'FORWARDED', eventType: 129, ...options });
  return {
    ...base,
    type: 'L7',
    l7: {
      type: 'RESPONSE',
      latencyNs: 120000,
      dns: { query: query.endsWith('.') ? query : `${query}.`, ips, ttl: 30, cnames: [], observationSource: 'proxy', rcode: 0, qtypes: ['A'], rrtypes: ['A'] },
    },
  };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}
