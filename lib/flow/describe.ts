import type { Endpoint, Flow } from './flow';
import { reservedEntity } from './labels';

/**
 * Human-readable pieces of a flow, as `hubble observe -o compact` shows them, shared by the flow table, the CLI
 * and the text filter.
 */

/** `namespace/pod`, a reserved entity (`reserved:host`), a DNS name, or the IP. */
export function describeEndpoint(endpoint: Endpoint, ip: string, names: string[] = []): string {
  if (endpoint.podName) return endpoint.namespace ? `${endpoint.namespace}/${endpoint.podName}` : endpoint.podName;
  const entity = reservedEntity(endpoint);
  if (entity === 'world' && names.length) return names[0];
  if (entity) return `${entity}${ip ? ` ${ip}` : ''}`;
  if (names.length) return names[0];
  return ip || 'unknown';
}

/** The source as shown in tables. */
export function describeSource(flow: Flow): string {
  return describeEndpoint(flow.source, flow.ip.source, flow.sourceNames);
}

/** The destination as shown in tables. */
export function describeDestination(flow: Flow): string {
  return describeEndpoint(flow.destination, flow.ip.destination, flow.destinationNames);
}

/** `443/TCP`, `53/UDP`, `ICMPv4 8`, or `-`. L7 DNS and HTTP flows name their protocol. */
export function describePort(flow: Flow): string {
  const l4 = flow.l4;
  if (!l4) return flow.l7?.dns ? 'DNS' : flow.l7?.http ? 'HTTP' : '-';
  switch (l4.protocol) {
    case 'TCP':
    case 'UDP':
    case 'SCTP':
      return `${l4.destinationPort}/${l4.protocol}`;
    case 'ICMPv4':
    case 'ICMPv6':
      return `${l4.protocol} ${l4.type}`;
    default:
      return l4.protocol;
  }
}

/** The destination port of a TCP/UDP/SCTP flow, or undefined. */
export function destinationPort(flow: Flow): number | undefined {
  const l4 = flow.l4;
  return l4 && 'destinationPort' in l4 ? l4.destinationPort : undefined;
}

/** Short event kind: `policy-verdict`, `trace`, `drop`, `l7/dns`, `l7/http`, ... */
export function describeEventType(flow: Flow): string {
  switch (flow.eventType) {
    case 1:
      return 'drop';
    case 4:
      return 'trace';
    case 5:
      return 'policy-verdict';
    case 7:
      return 'trace-sock';
    case 129:
      return flow.l7?.dns ? 'l7/dns' : flow.l7?.http ? 'l7/http' : 'l7';
    case 0:
      return flow.type === 'L7' ? 'l7' : '-';
    default:
      return String(flow.eventType);
  }
}

/**
 * Case-insensitive substring match over what a user sees and searches for: endpoints, pods, namespaces, labels,
 * IPs, DNS names, port, verdict, drop reason, node. An empty query matches everything.
 */
export function flowMatchesText(flow: Flow, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const hay = [
    describeSource(flow),
    describeDestination(flow),
    describePort(flow),
    flow.verdict,
    flow.dropReason,
    flow.nodeName,
    flow.ip.source,
    flow.ip.destination,
    flow.trafficDirection,
    flow.l7?.dns?.query ?? '',
    flow.l7?.http?.url ?? '',
    ...flow.sourceNames,
    ...flow.destinationNames,
    ...flow.source.labels,
    ...flow.destination.labels,
  ];
  return hay.some((s) => s.toLowerCase().includes(q));
}
