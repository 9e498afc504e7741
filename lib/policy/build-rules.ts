import type { Finding, FindingDirection, Peer } from '../findings/finding';
import type { EgressRule, IngressRule } from './cnp-types';
import { evidenceOf, type RuleEvidence } from './evidence';
import { fqdnSelectors } from './fqdn-selectors';
import { icmpsOf, portSetOf, portSetSignature, toPortsOf } from './port-set';
import { DNS_PORT, groupByPeer, sortedGroups, type PeerGroup } from './rule-groups';

/** A suggested rule with the evidence behind it. */
export interface SuggestedRule<R = IngressRule | EgressRule> {
  rule: R;
  evidence: RuleEvidence;
}

/** Options of {@link buildRules}. */
export interface BuildRulesOptions {
  /** Collapse names sharing a parent into `*.parent` patterns. Default: false. */
  fqdnPatterns?: boolean;
}

/** The peer part of a rule (`fromEndpoints`, `toEntities`, ...) for peers of one kind. */
function peerFields(direction: FindingDirection, peers: Peer[], usePatterns: boolean): IngressRule & EgressRule {
  const from = direction === 'INGRESS';
  const kind = peers[0].kind;
  if (kind === 'endpoint') return { [from ? 'fromEndpoints' : 'toEndpoints']: peers.map((p) => ({ matchLabels: { ...(p as Extract<Peer, { kind: 'endpoint' }>).selector } })) };
  if (kind === 'entity') return { [from ? 'fromEntities' : 'toEntities']: peers.map((p) => (p as Extract<Peer, { kind: 'entity' }>).entity).sort() };
  if (kind === 'cidr') return { [from ? 'fromCIDR' : 'toCIDR']: peers.map((p) => (p as Extract<Peer, { kind: 'cidr' }>).cidr).sort() };
  return { toFQDNs: fqdnSelectors(peers.flatMap((p) => (p as Extract<Peer, { kind: 'fqdn' }>).names), usePatterns) };
}

/** One L4 rule and/or one ICMP rule for a group (Cilium rejects `icmps` together with `toPorts` in one rule). */
function rulesFor(direction: FindingDirection, group: PeerGroup, usePatterns: boolean): SuggestedRule[] {
  const out: SuggestedRule[] = [];
  const l4 = group.findings.filter((f) => !f.protocol.startsWith('ICMP'));
  const icmp = group.findings.filter((f) => f.protocol.startsWith('ICMP'));
  const toPorts = toPortsOf(portSetOf(l4));
  const icmps = icmpsOf(portSetOf(icmp));
  const peer = peerFields(direction, group.peers, usePatterns);
  const notes = group.notes;
  if (toPorts) out.push({ rule: { ...peer, toPorts }, evidence: evidenceOf(l4, notes) });
  if (icmps) out.push({ rule: { ...peer, icmps }, evidence: evidenceOf(icmp, notes) });
  return out;
}

/** Merges groups of one peer kind whose port sets are equal (entities, CIDRs, FQDN names) into one group each. */
function mergeBySignature(groups: PeerGroup[]): PeerGroup[] {
  const out = new Map<string, PeerGroup>();
  for (const g of groups) {
    const sig = portSetSignature(portSetOf(g.findings));
    const known = out.get(sig);
    if (!known) {
      out.set(sig, { peers: [...g.peers], findings: [...g.findings], notes: [...g.notes] });
      continue;
    }
    known.peers.push(...g.peers);
    known.findings.push(...g.findings);
    known.notes.push(...g.notes);
  }
  return [...out.values()];
}

/** The DNS rule(s): resolvers on 53/UDP and 53/TCP with `rules.dns: [{matchPattern: "*"}]`, one rule per peer kind. */
function dnsRules(groups: PeerGroup[]): SuggestedRule[] {
  const out: SuggestedRule[] = [];
  for (const kind of ['endpoint', 'entity', 'cidr'] as const) {
    const members = groups.filter((g) => g.peers[0].kind === kind);
    if (members.length === 0) continue;
    const peers = members.flatMap((g) => g.peers);
    const findings = [...new Map(members.flatMap((g) => g.findings).map((f) => [f.id, f])).values()];
    const notes = members.flatMap((g) => g.notes);
    // NOTE: matchPattern "*" rather than one matchName per name: audit mode does not cover L7, so a narrower DNS
    // rule would REFUSE every other lookup (search-domain expansions, in-cluster services) with nothing to warn.
    const ports = [{ port: String(DNS_PORT), protocol: 'UDP' as const }, { port: String(DNS_PORT), protocol: 'TCP' as const }];
    const rule: EgressRule = { ...peerFields('EGRESS', peers, false), toPorts: [{ ports, rules: { dns: [{ matchPattern: '*' }] } }] };
    out.push({ rule, evidence: evidenceOf(findings, notes) });
  }
  return out;
}

/**
 * The rules of one subject and direction, in a fixed order: endpoints (one rule per peer, ports merged), entities,
 * DNS (egress), FQDN names (egress), CIDRs. Peers of one kind with identical ports share a rule.
 */
export function buildRules(findings: readonly Finding[], direction: FindingDirection, options: BuildRulesOptions = {}): SuggestedRule[] {
  const usePatterns = options.fqdnPatterns ?? false;
  const { dns, other } = groupByPeer(findings.filter((f) => f.direction === direction));
  const groups = sortedGroups(other);
  const ofKind = (kind: Peer['kind']) => groups.filter((g) => g.peers[0].kind === kind);
  return [
    ...ofKind('endpoint').flatMap((g) => rulesFor(direction, g, usePatterns)),
    ...mergeBySignature(ofKind('entity')).flatMap((g) => rulesFor(direction, g, usePatterns)),
    ...(direction === 'EGRESS' ? dnsRules(sortedGroups(dns)) : []),
    ...mergeBySignature(ofKind('fqdn')).flatMap((g) => rulesFor(direction, g, usePatterns)),
    ...mergeBySignature(ofKind('cidr')).flatMap((g) => rulesFor(direction, g, usePatterns)),
  ];
}
