import { normalizeDnsName } from '../findings/dns-name';
import { parseCidr } from '../findings/ip';
import { isValidLabelValue, isValidNamespace, isValidSelectorKey } from '../findings/label-validation';
import type { Finding, Peer } from '../findings/finding';
import { ENTITIES } from '../cilium/entities';

function validSelector(selector: Record<string, string>): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => isValidSelectorKey(k) && typeof v === 'string' && isValidLabelValue(v));
}

function validPeer(peer: Peer): boolean {
  switch (peer?.kind) {
    case 'endpoint':
      return isValidNamespace(peer.namespace) && validSelector(peer.selector);
    case 'entity':
      return ENTITIES.includes(peer.entity);
    case 'fqdn':
      return peer.names.length > 0 && peer.names.every((n) => normalizeDnsName(n) === n);
    case 'cidr':
      return parseCidr(peer.cidr) !== undefined;
    default:
      return false;
  }
}

/**
 * Defence in depth for findings that did not come straight from `extractFindings` (e.g. sent back by a client):
 * true when every value that would reach a policy is valid — namespace, selectors (label keys and values), peer,
 * DNS resolvers, port and protocol.
 */
export function isSynthesizable(f: Finding): boolean {
  const portOk = Number.isInteger(f.port) && (f.protocol.startsWith('ICMP') ? f.port >= 0 && f.port <= 255 : f.port > 0 && f.port <= 65535);
  return (
    isValidNamespace(f.subject?.namespace) &&
    validSelector(f.subject.selector) &&
    ['TCP', 'UDP', 'SCTP', 'ICMPv4', 'ICMPv6'].includes(f.protocol) &&
    portOk &&
    validPeer(f.peer) &&
    (f.dns?.resolvers ?? []).every(validPeer)
  );
}
