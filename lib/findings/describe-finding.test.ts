import { describe, expect, it } from 'vitest';
import { describeFinding, describePeer } from './describe-finding';
import { extractFindings } from './extract-findings';
import { flowBetween } from '../testing/flow-builders';

describe('describeFinding', () => {
  it('reads like the rule it asks for', () => {
    const { findings } = extractFindings([
      flowBetween('traefik/traefik', 'blog/blog', { direction: 'INGRESS', port: 80 }),
      flowBetween('argocd/repo', 'reserved:world', { direction: 'EGRESS', port: 443, destinationNames: ['api.github.com'] }),
    ]);
    const lines = findings.map(describeFinding).sort();
    expect(lines).toEqual(['argocd/repo → api.github.com on 443/TCP', 'blog/blog ← traefik/traefik on 80/TCP']);
  });

  it('names entities and CIDRs', () => {
    expect(describePeer({ kind: 'entity', entity: 'host' })).toBe('entity host');
    expect(describePeer({ kind: 'cidr', cidr: '203.0.113.7/32' })).toBe('203.0.113.7/32');
  });
});
