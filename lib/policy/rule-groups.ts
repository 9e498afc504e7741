import type { Finding, Peer } from '../findings/finding';
import { peerCanonical } from '../findings/to-peer';
import type { RuleNote } from './evidence';

/** Findings that end up in one rule family, with the peers they share. */
export interface PeerGroup {
  peers: Peer[];
  findings: Finding[];
  notes: RuleNote[];
}

/** The port of DNS. Egress findings on 53 to a resolver become the canonical DNS rule (UDP + TCP, rules.dns). */
export const DNS_PORT = 53;

function isDnsFinding(f: Finding): boolean {
  return f.direction === 'EGRESS' && f.port === DNS_PORT && (f.protocol === 'UDP' || f.protocol === 'TCP') && f.peer.kind !== 'fqdn';
}

function add(map: Map<string, PeerGroup>, peer: Peer, finding: Finding | undefined, notes: PeerGroup['notes'] = []): void {
  const key = peerCanonical(peer);
  const group = map.get(key) ?? { peers: [peer], findings: [], notes: [] };
  if (finding) group.findings.push(finding);
  group.notes.push(...notes);
  map.set(key, group);
}

/**
 * Splits a subject's findings of one direction: DNS resolver peers (the resolvers of FQDN findings and peers of
 * port-53 findings, each once), and every other peer with its findings. Maps are keyed by peer canonical JSON.
 */
export function groupByPeer(findings: readonly Finding[]): { dns: Map<string, PeerGroup>; other: Map<string, PeerGroup> } {
  const dns = new Map<string, PeerGroup>();
  const other = new Map<string, PeerGroup>();
  for (const f of findings) {
    if (f.peer.kind === 'fqdn' && f.dns) {
      const note: RuleNote | undefined = f.dns.source === 'fallback' ? 'LSP103' : f.dns.source === 'inferred' ? 'LSP104' : undefined;
      // The FQDN finding is the companion's evidence: the rule exists so that the DNS proxy learns its addresses.
      for (const resolver of f.dns.resolvers) add(dns, resolver, f, ['dns-companion', ...(note ? [note] : [])]);
    }
    if (isDnsFinding(f)) add(dns, f.peer, f);
    else add(other, f.peer, f, f.peer.kind === 'cidr' ? [f.direction === 'EGRESS' ? ('LSP101' as const) : ('LSP102' as const)] : []);
  }
  return { dns, other };
}

/** Sorted entries of a map by key. */
export function sortedGroups(map: Map<string, PeerGroup>): PeerGroup[] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}
