import type { Endpoint, Flow } from '../flow/flow';
import { normalizeDnsName } from './dns-name';
import { ipInCidr, parseCidr, parseIp } from './ip';
import type { Finding, Peer } from './finding';

/**
 * The finding a flow belongs to, among a namespace's findings (for a flow's detail panel): the finding whose
 * evidence holds the flow, else the one with the flow's subject, direction, protocol, port and peer. Pure and
 * approximate by design: the ingest's own resolution (DNS names learnt from other flows) is not repeated here, so
 * a peer that cannot be compared falls back to the only candidate left. Undefined when none fits.
 */
export function findingOfFlow<F extends Finding>(flow: Flow, findings: readonly F[]): F | undefined {
  const bySample = findings.find((f) => f.samples.some((s) => s.uuid === flow.uuid));
  if (bySample) return bySample;
  const direction = flow.trafficDirection;
  if (direction !== 'INGRESS' && direction !== 'EGRESS') return undefined;
  const [subject, peer] = direction === 'INGRESS' ? [flow.destination, flow.source] : [flow.source, flow.destination];
  const port = portOf(flow);
  const candidates = findings.filter(
    (f) =>
      f.direction === direction &&
      f.subject.namespace === subject.namespace &&
      f.protocol === flow.l4?.protocol &&
      f.port === port &&
      Object.entries(f.subject.selector).every(([k, v]) => hasLabel(subject, k, v)),
  );
  return candidates.find((f) => peerMatches(f.peer, peer, flow)) ?? (candidates.length === 1 ? candidates[0] : undefined);
}

function portOf(flow: Flow): number | undefined {
  const l4 = flow.l4;
  if (!l4) return undefined;
  if (l4.protocol === 'ICMPv4' || l4.protocol === 'ICMPv6') return l4.type;
  return l4.protocol === 'TCP' || l4.protocol === 'UDP' || l4.protocol === 'SCTP' ? l4.destinationPort : undefined;
}

/** `key` bare or with its source prefix (`k8s:app`), as selectors write it. */
function hasLabel(endpoint: Endpoint, key: string, value: string): boolean {
  const bare = key.includes(':') ? key.slice(key.indexOf(':') + 1) : key;
  return endpoint.labels.some((l) => {
    const colon = l.indexOf(':');
    const rest = colon >= 0 ? l.slice(colon + 1) : l;
    return rest === `${bare}=${value}`;
  });
}

function peerMatches(peer: Peer, endpoint: Endpoint, flow: Flow): boolean {
  switch (peer.kind) {
    case 'endpoint':
      return endpoint.namespace === peer.namespace && Object.entries(peer.selector).every(([k, v]) => hasLabel(endpoint, k, v));
    case 'entity':
      return endpoint.labels.some((l) => l === `reserved:${peer.entity}` || (peer.entity === 'world' && l.startsWith('reserved:world')));
    case 'fqdn': {
      const names = new Set(flow.destinationNames.map((n) => normalizeDnsName(n)));
      return peer.names.some((n) => names.has(n));
    }
    case 'cidr': {
      const ip = parseIp(flow.trafficDirection === 'INGRESS' ? flow.ip.source : flow.ip.destination);
      const cidr = parseCidr(peer.cidr);
      return ip !== undefined && cidr !== undefined && ipInCidr(ip, cidr);
    }
  }
}
