import type { CiliumNetworkPolicy } from '@/lib/policy/cnp-types';

/**
 * The declarative shape of a demo cluster: nodes, namespaces with their rollout state, workloads, Services, DNS
 * answers, the declared policies, and the list of connections that happen. The generator turns a Scenario into
 * the flows Cilium would emit; the connection list is the source of truth for which flows are AUDIT.
 */

/**
 * Where a namespace is in the rollout:
 * - `audit`: policies select its pods and per-endpoint audit mode is on (uncovered connections → AUDIT);
 * - `enforcing`: policies select its pods and are enforced (uncovered connections → DROPPED, POLICY_DENIED);
 * - `unselected`: no policy selects its pods (no policy-verdict events at all, only traces).
 */
export type RolloutState = 'audit' | 'enforcing' | 'unselected';

/** A Kubernetes node running a Cilium agent (and so a Hubble server). */
export interface ScenarioNode {
  /** Node name without the cluster prefix, e.g. `node-1`. */
  name: string;
  /** The node's InternalIP (kube-apiserver and remote-node traffic use it). */
  ip: string;
  /** The node's pod CIDR, a /24 (`10.244.N.0/24`). */
  podCidr: string;
  /** The `cilium_host` router IP inside the pod CIDR: the source of kubelet probes and health checks. */
  routerIp: string;
  /** The IP of the node's cilium-health endpoint. */
  healthIp: string;
  /** Whether the control plane (kube-apiserver on :6443) runs here. */
  controlPlane: boolean;
  /** Kubernetes node labels (`Flow.node_labels`, as `key=value`). */
  labels: Record<string, string>;
}

/** A namespace and its rollout state. */
export interface ScenarioNamespace {
  name: string;
  rollout: RolloutState;
  /**
   * Where the demo starts this namespace's audit window (server/demo-relay/stage-demo-windows.ts, when audit windows
   * are on): `open` (observing in audit mode), `closed` (observed, then enforced). None: no window.
   */
  auditWindow?: 'open' | 'closed';
  /** Extra namespace labels (`kubernetes.io/metadata.name` is always added). */
  labels?: Record<string, string>;
}

/** The controller kind reported in `Endpoint.workloads`. A bare `Pod` has no workload. */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Pod';

/** A container port. */
export interface ScenarioPort {
  name: string;
  port: number;
  protocol: 'TCP' | 'UDP';
}

/** A workload: one set of pods sharing labels. */
export interface ScenarioWorkload {
  namespace: string;
  name: string;
  kind: WorkloadKind;
  /** Pod labels (without the `k8s:` source). Cilium adds namespace, service account and cluster labels. */
  labels: Record<string, string>;
  serviceAccount: string;
  /** The node of each replica, in replica order (a DaemonSet lists every node once). */
  placement: string[];
  ports: ScenarioPort[];
  /** Names of the policies selecting these pods, per direction. An absent direction is not policed. */
  policies?: { ingress?: string[]; egress?: string[] };
  /** DNS from these pods goes through Cilium's DNS proxy (a `rules.dns` policy): L7 DNS flows appear. */
  dnsProxy?: boolean;
  /** Labels with another source than `k8s`, in Cilium's `source:key=value` form (e.g. CoreDNS named ports). */
  extraLabels?: string[];
  /**
   * Keep `statefulset.kubernetes.io/pod-name` and `apps.kubernetes.io/pod-index` in the identity labels (a custom
   * agent `labels` list does that). They are per pod, hence unstable: selectors must never use them.
   */
  podIdentityLabels?: boolean;
}

/** A Kubernetes Service in front of a workload. */
export interface ScenarioService {
  namespace: string;
  name: string;
  clusterIP: string;
  /** `ns/name` of the backing workload. */
  workload: string;
  ports: { port: number; targetPort: number; protocol: 'TCP' | 'UDP' }[];
  /** The LoadBalancer IP announced on the LAN, if any. */
  loadBalancerIP?: string;
}

/**
 * A peer of a connection:
 * - `ns/workload` (any replica) or `ns/workload[i]` (replica i);
 * - `entity:host` (the destination's own node), `entity:remote-node` (another node), `entity:health` (a
 *   cilium-health endpoint), `entity:kube-apiserver`;
 * - `fqdn:<name>` (a public name, resolved through the scenario's DNS table first);
 * - `world:<ip>` (a public address with no DNS name known to Cilium).
 */
export type PeerRef = string;

/** A policy-match kind for FORWARDED verdicts (`policy_match_type`). */
export type PolicyMatchKind = 'l3-only' | 'l3-l4' | 'l4-only' | 'all';

/**
 * A connection that recurs on a timer: one occurrence every `periodMs`, each gap drawn uniformly within
 * ±`jitter` (a fraction of the period) of it, the first `startAfterMs` after the generator's start time.
 */
export interface ScenarioCadence {
  periodMs: number;
  /** In [0, 1). 0.1 means every gap lies within 10 % of the period. */
  jitter: number;
  /** Delay of the first occurrence after the start. Default: one period. */
  startAfterMs?: number;
}

/** One kind of connection that happens in the cluster, with how the declared policies treat it. */
export interface ScenarioConnection {
  /** Stable id (kebab-case). */
  id: string;
  from: PeerRef;
  to: PeerRef;
  /** Destination (container) port; for ICMP the echo id is random and this is ignored. */
  port: number;
  protocol: 'TCP' | 'UDP' | 'ICMPv4';
  /** The Service the client addressed (`ns/name`): sets `destination_service`. */
  service?: string;
  /** Relative frequency among the Poisson-arriving connections (ignored for a connection with `every`). */
  weight: number;
  /** A fixed cadence instead of Poisson arrivals (a beacon, a cron-like client): see {@link ScenarioCadence}. */
  every?: ScenarioCadence;
  /**
   * Directions in which no rule of the selecting policies allows the connection: AUDIT in audit namespaces,
   * DROPPED (POLICY_DENIED) in enforcing ones. A direction whose endpoint no policy selects is never policed.
   */
  uncovered?: ('ingress' | 'egress')[];
  /** `policy_match_type` of FORWARDED verdicts. Default: `l3-l4`. */
  match?: PolicyMatchKind;
  /** A DNS name the client resolves before connecting (FQDN peers always resolve their name). */
  resolves?: string;
  /** Probability that a lookup precedes a connection (clients cache answers). Default: 1 for FQDN peers, else 0.3. */
  dnsProbability?: number;
  /** Connection lifetime range in milliseconds. Default: [5, 400]. */
  durationMs?: [number, number];
  /** Why the connection exists and why it is (not) covered. */
  note: string;
}

/** A complete demo cluster. */
export interface Scenario {
  clusterName: string;
  nodes: ScenarioNode[];
  namespaces: ScenarioNamespace[];
  workloads: ScenarioWorkload[];
  services: ScenarioService[];
  /** A records of public names (and LAN names such as the ingress hostnames). */
  dns: Record<string, string[]>;
  /** The policies selecting pods of the audit / enforcing namespaces. */
  policies: CiliumNetworkPolicy[];
  connections: ScenarioConnection[];
}
