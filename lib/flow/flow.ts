/**
 * Lockstep's flow model: a Hubble `flow.Flow` (cilium/cilium api/v1/flow/flow.proto) after normalisation.
 *
 * Names follow Hubble's vocabulary; enum values are the proto enum names, exactly as `hubble observe -o jsonpb`
 * prints them. Only `server/hubble/to-flow.ts` builds these from wire messages; everything else reads them.
 * A Flow is plain data (JSON-serialisable) so it can cross the SSE boundary to the browser unchanged.
 */

/** `flow.Verdict`. AUDIT (4) marks a policy-verdict event that would have been dropped with audit mode off. */
export type Verdict =
  | 'VERDICT_UNKNOWN'
  | 'FORWARDED'
  | 'DROPPED'
  | 'ERROR'
  | 'AUDIT'
  | 'REDIRECTED'
  | 'TRACED'
  | 'TRANSLATED';

/** Every verdict, in proto enum order. */
export const VERDICTS: readonly Verdict[] = [
  'VERDICT_UNKNOWN',
  'FORWARDED',
  'DROPPED',
  'ERROR',
  'AUDIT',
  'REDIRECTED',
  'TRACED',
  'TRANSLATED',
];

/** `flow.TrafficDirection`. */
export type TrafficDirection = 'TRAFFIC_DIRECTION_UNKNOWN' | 'INGRESS' | 'EGRESS';

/** `flow.FlowType`. */
export type FlowType = 'UNKNOWN_TYPE' | 'L3_L4' | 'L7' | 'SOCK';

/** `flow.CiliumEventType.type` values that matter to Lockstep (pkg/monitor/api/types.go). */
export const CiliumEventTypes = {
  Drop: 1,
  Debug: 2,
  Capture: 3,
  Trace: 4,
  PolicyVerdict: 5,
  TraceSock: 7,
  AccessLog: 129,
  Agent: 130,
} as const;

/** `flow.Workload`: the owning controller of a pod (e.g. `{name: 'blog', kind: 'Deployment'}`). */
export interface Workload {
  name: string;
  kind: string;
}

/**
 * `flow.Endpoint`. Labels are Cilium label strings `source:key=value` (e.g. `k8s:app=blog`, `reserved:host`),
 * sorted as Hubble sends them. Empty strings and zero stand for "not set".
 */
export interface Endpoint {
  /** Local endpoint id on its node (`ID`). */
  id: number;
  /** Numeric security identity; 1..11 are reserved identities, 256+ cluster-allocated. */
  identity: number;
  clusterName: string;
  namespace: string;
  labels: string[];
  podName: string;
  workloads: Workload[];
}

/** `flow.Service`. */
export interface Service {
  name: string;
  namespace: string;
}

/** `flow.Layer4`, flattened: one variant per `oneof protocol` member. */
export type Layer4 =
  | { protocol: 'TCP'; sourcePort: number; destinationPort: number; flags: string[] }
  | { protocol: 'UDP' | 'SCTP'; sourcePort: number; destinationPort: number }
  | { protocol: 'ICMPv4' | 'ICMPv6'; type: number; code: number }
  | { protocol: 'VRRP'; type: number; vrid: number; priority: number }
  | { protocol: 'IGMP'; type: number; groupAddress: string };

/** The protocol names of {@link Layer4}. */
export type L4Protocol = Layer4['protocol'];

/** `flow.IP`. */
export interface IP {
  source: string;
  destination: string;
  /** Set when `source` is the pre-SNAT address. */
  sourceXlated: string;
  ipVersion: 'IP_NOT_USED' | 'IPv4' | 'IPv6';
  encrypted: boolean;
}

/** `flow.DNS` (L7). */
export interface DNS {
  query: string;
  ips: string[];
  ttl: number;
  cnames: string[];
  observationSource: string;
  rcode: number;
  qtypes: string[];
  rrtypes: string[];
}

/** `flow.HTTP` (L7). Header values are kept for display only; never copy them into policies. */
export interface HTTP {
  code: number;
  method: string;
  url: string;
  protocol: string;
  headers: { key: string; value: string }[];
}

/** `flow.Layer7`. */
export interface Layer7 {
  type: 'UNKNOWN_L7_TYPE' | 'REQUEST' | 'RESPONSE' | 'SAMPLE';
  latencyNs: number;
  dns?: DNS;
  http?: HTTP;
}

/** `flow.Policy`: a policy named by `*_allowed_by` / `*_denied_by`. */
export interface PolicyRef {
  name: string;
  namespace: string;
  kind: string;
  labels: string[];
  revision: number;
}

/** A normalised Hubble flow. */
export interface Flow {
  /** `uuid`; older captures have none, in which case the translator derives a stable one from the content. */
  uuid: string;
  /** Flow time in milliseconds since the epoch (sub-millisecond precision is in `timeNanos`). */
  time: number;
  /** Nanoseconds within the millisecond `time` (0..999999), so that resume cursors lose nothing. */
  timeNanos: number;
  verdict: Verdict;
  /** `drop_reason_desc` name (e.g. `POLICY_DENIED`); empty unless the verdict is DROPPED. */
  dropReason: string;
  /** `event_type.type` (5 = policy verdict, 4 = trace, 129 = L7); 0 when the capture omits it. */
  eventType: number;
  eventSubType: number;
  type: FlowType;
  trafficDirection: TrafficDirection;
  /** `is_reply`; undefined when unknown (older agents, field-masked exports). */
  isReply: boolean | undefined;
  ip: IP;
  l4: Layer4 | undefined;
  source: Endpoint;
  destination: Endpoint;
  sourceNames: string[];
  /** DNS names of the destination IP from the agent's FQDN cache: the basis for toFQDNs suggestions. */
  destinationNames: string[];
  sourceService: Service | undefined;
  destinationService: Service | undefined;
  nodeName: string;
  nodeLabels: string[];
  l7: Layer7 | undefined;
  /** `policy_match_type` (0 none, 1 L3-only, 2 L3-L4, 3 L4-only, 4 all, 5 L3-proto, 6 proto-only). */
  policyMatchType: number;
  traceObservationPoint: string;
  traceReason: string;
  interfaceName: string;
  proxyPort: number;
  summary: string;
  emitter: { name: string; version: string } | undefined;
  egressAllowedBy: PolicyRef[];
  ingressAllowedBy: PolicyRef[];
  egressDeniedBy: PolicyRef[];
  ingressDeniedBy: PolicyRef[];
}

/** A relay `node_status` event (`relay.NodeStatusEvent`). */
export interface NodeStatusEvent {
  stateChange: 'UNKNOWN_NODE_STATE' | 'NODE_CONNECTED' | 'NODE_UNAVAILABLE' | 'NODE_GONE' | 'NODE_ERROR';
  nodeNames: string[];
  message: string;
  time: number;
}

/** A `lost_events` event (`flow.LostEvent`): events dropped somewhere between the datapath and us. */
export interface LostEvent {
  source: 'UNKNOWN_LOST_EVENT_SOURCE' | 'PERF_EVENT_RING_BUFFER' | 'OBSERVER_EVENTS_QUEUE' | 'HUBBLE_RING_BUFFER';
  numEventsLost: number;
  cpu: number | undefined;
  nodeName: string;
  time: number;
}
