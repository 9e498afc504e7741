import type { Endpoint, Flow } from '@/lib/flow/flow';

/**
 * One `hubble observe -o jsonpb` line for a Flow (test and benchmark helper: captures are written from
 * lib/testing flow builders, then read back by the same reader users' files go through).
 */
export function toCaptureLine(f: Flow): string {
  return JSON.stringify({ flow: toJsonpbFlow(f), node_name: f.nodeName, time: new Date(f.time).toISOString() });
}

function toJsonpbFlow(f: Flow): Record<string, unknown> {
  return {
    time: new Date(f.time).toISOString(),
    uuid: f.uuid,
    verdict: f.verdict,
    ...(f.dropReason ? { drop_reason_desc: f.dropReason } : {}),
    IP: { source: f.ip.source, destination: f.ip.destination, ipVersion: f.ip.ipVersion },
    l4: toL4(f.l4),
    source: toEndpoint(f.source),
    destination: toEndpoint(f.destination),
    Type: f.type,
    node_name: f.nodeName,
    destination_names: f.destinationNames,
    event_type: { type: f.eventType },
    traffic_direction: f.trafficDirection,
    is_reply: f.isReply === true,
    Summary: f.summary,
  };
}

function toL4(l4: Flow['l4']): Record<string, unknown> | undefined {
  if (!l4) return undefined;
  if (l4.protocol === 'ICMPv4' || l4.protocol === 'ICMPv6') return { [l4.protocol]: { type: l4.type, code: l4.code } };
  if (!('destinationPort' in l4)) return undefined;
  const ports = { source_port: l4.sourcePort, destination_port: l4.destinationPort };
  return { [l4.protocol]: l4.protocol === 'TCP' ? { ...ports, flags: { SYN: true } } : ports };
}

function toEndpoint(e: Endpoint): Record<string, unknown> {
  return { ID: e.id, identity: e.identity, cluster_name: e.clusterName, namespace: e.namespace, labels: e.labels, pod_name: e.podName, workloads: e.workloads };
}
