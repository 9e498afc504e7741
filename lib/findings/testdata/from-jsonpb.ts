/**
 * Test-only: just enough of `hubble observe -o jsonpb` → Flow to feed real captures to the findings code.
 * (The product's parser lives with the flow model; this one only fills what findings read.)
 */
import type { Endpoint, Flow, Layer4 } from '../../flow/flow';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function endpointOf(e: Json = {}): Endpoint {
  return {
    id: e.ID ?? 0, identity: e.identity ?? 0, clusterName: e.cluster_name ?? '', namespace: e.namespace ?? '',
    labels: e.labels ?? [], podName: e.pod_name ?? '', workloads: e.workloads ?? [],
  };
}

function l4Of(l4: Json | undefined): Layer4 | undefined {
  if (l4?.TCP) return { protocol: 'TCP', sourcePort: l4.TCP.source_port ?? 0, destinationPort: l4.TCP.destination_port ?? 0, flags: Object.keys(l4.TCP.flags ?? {}) };
  if (l4?.UDP) return { protocol: 'UDP', sourcePort: l4.UDP.source_port ?? 0, destinationPort: l4.UDP.destination_port ?? 0 };
  return undefined;
}

/** One jsonpb line (`{"flow": {...}}`) as a Flow. */
export function flowFromJsonpb(line: string): Flow {
  const f: Json = JSON.parse(line).flow;
  const dns = f.l7?.dns;
  return {
    uuid: f.uuid ?? '', time: Date.parse(f.time), timeNanos: 0, verdict: f.verdict, dropReason: f.drop_reason_desc ?? '',
    eventType: f.event_type?.type ?? 0, eventSubType: f.event_type?.sub_type ?? 0, type: f.Type ?? 'UNKNOWN_TYPE',
    trafficDirection: f.traffic_direction ?? 'TRAFFIC_DIRECTION_UNKNOWN', isReply: f.is_reply,
    ip: { source: f.IP?.source ?? '', destination: f.IP?.destination ?? '', sourceXlated: '', ipVersion: f.IP?.ipVersion ?? 'IP_NOT_USED', encrypted: false },
    l4: l4Of(f.l4), source: endpointOf(f.source), destination: endpointOf(f.destination),
    sourceNames: f.source_names ?? [], destinationNames: f.destination_names ?? [], sourceService: undefined, destinationService: undefined,
    nodeName: f.node_name ?? '', nodeLabels: [],
    l7: f.l7 && { type: f.l7.type, latencyNs: 0, dns: dns && { query: dns.query ?? '', ips: dns.ips ?? [], ttl: 0, cnames: [], observationSource: '', rcode: dns.rcode ?? 0, qtypes: [], rrtypes: [] } },
    policyMatchType: 0, traceObservationPoint: '', traceReason: '', interfaceName: '', proxyPort: 0, summary: '', emitter: undefined,
    egressAllowedBy: [], ingressAllowedBy: [], egressDeniedBy: [], ingressDeniedBy: [],
  };
}
