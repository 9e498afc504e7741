import type { LintFinding, LintRule } from '../lint-rule';
import { rulesOf } from '../walk-policy';

/** Peer lists that make the whole rule select nothing when present but empty (`mergeEndpointSelectors`, rule 30). */
const SELECT_NOTHING = ['Endpoints', 'Entities', 'CIDR', 'CIDRSet', 'Nodes'] as const;

/**
 * `peer.empty-list`: an explicitly empty peer list. `toEndpoints: []` (and entities, CIDR, CIDRSet, nodes) makes the
 * whole rule select no peer, even next to a non-empty list (rule 30); `toFQDNs: []` with `toPorts` and no other peer
 * opens those ports to every peer, world included (rule 32). Either way the YAML says something else than it does.
 */
export const peerEmptyList: LintRule = {
  id: 'peer.empty-list',
  check({ policies }) {
    const findings: LintFinding[] = [];
    policies.forEach(({ policy }, policyIndex) => {
      for (const entry of rulesOf(policy)) {
        const rule = entry.rule as Record<string, unknown>;
        const prefix = entry.section.startsWith('ingress') ? 'from' : 'to';
        const deny = entry.section.endsWith('Deny');
        for (const name of SELECT_NOTHING) {
          const field = `${prefix}${name}`;
          if (!isEmptyList(rule[field])) continue;
          const effect = deny ? 'makes this deny rule deny nothing' : 'makes this whole rule allow nothing, whatever its other peers say';
          findings.push({ id: 'peer.empty-list', policyIndex, path: `${entry.path}/${field}`, params: { field, effect, rule: 30 } });
        }
        if (prefix === 'to' && isEmptyList(rule.toFQDNs) && opensAllPeers(rule)) {
          const effect = 'with toPorts and no other peer allows those ports to every peer, world included';
          findings.push({ id: 'peer.empty-list', policyIndex, path: `${entry.path}/toFQDNs`, params: { field: 'toFQDNs', effect, rule: 32 } });
        }
      }
    });
    return findings;
  },
};

function isEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}

/** An L4-only rule once the empty `toFQDNs` is ignored: ports, and no non-empty peer list. */
function opensAllPeers(rule: Record<string, unknown>): boolean {
  const peers = ['toEndpoints', 'toEntities', 'toCIDR', 'toCIDRSet', 'toNodes', 'toServices', 'toGroups', 'toRequires'];
  if (peers.some((field) => Array.isArray(rule[field]))) return false;
  return (Array.isArray(rule.toPorts) && rule.toPorts.length > 0) || (Array.isArray(rule.icmps) && rule.icmps.length > 0);
}
