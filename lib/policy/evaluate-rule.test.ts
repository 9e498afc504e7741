import { describe, expect, it } from 'vitest';
import { compileRule, ruleMatchesPeer, type FlowPeer } from './evaluate-rule';
import { describeEndpoint } from './selector-entities';
import { endpoint } from '../testing/flow-builders';
import { parseIp } from './selector-cidr';

const peer = (ref: string, ip: string, names: string[] = []): FlowPeer => ({ info: describeEndpoint(endpoint(ref)), ip: parseIp(ip), names, service: undefined });

describe('compileRule / ruleMatchesPeer', () => {
  const cidr = compileRule({ toCIDR: ['10.0.0.0/8'], toFQDNs: [{ matchName: 'db.example.com' }] }, 'egress', 2, 'specs[1]', { namespace: 'prod' });

  it('records its path and applies CIDR and FQDN selectors to outside peers only', () => {
    expect(cidr.path).toBe('specs[1]/egress[2]');
    expect(ruleMatchesPeer(cidr, peer('reserved:world', '10.1.1.1'))).toBe(true);
    expect(ruleMatchesPeer(cidr, peer('prod/db', '10.1.1.1'))).toBe(false);
    expect(ruleMatchesPeer(cidr, peer('reserved:host', '10.1.1.1'))).toBe(false);
    expect(ruleMatchesPeer(cidr, peer('reserved:world', '8.8.8.8', ['db.example.com']))).toBe(true);
    expect(ruleMatchesPeer(cidr, peer('prod/db', '8.8.8.8', ['db.example.com']))).toBe(false);
  });

  it('treats {} as matching nothing, [] fields as selecting nothing, and L4-only rules as wildcards', () => {
    const world = peer('reserved:world', '1.1.1.1');
    expect(ruleMatchesPeer(compileRule({}, 'ingress', 0, 'spec', { namespace: 'prod' }), world)).toBe(false);
    expect(ruleMatchesPeer(compileRule({ toEndpoints: [], toPorts: [{ ports: [{ port: '80' }] }] }, 'egress', 0, 'spec', { namespace: 'prod' }), world)).toBe(false);
    expect(ruleMatchesPeer(compileRule({ toPorts: [{ ports: [{ port: '80' }] }] }, 'egress', 0, 'spec', { namespace: 'prod' }), world)).toBe(true);
    expect(ruleMatchesPeer(compileRule({ icmps: [{ fields: [{ type: 8 }] }] }, 'egress', 0, 'spec', { namespace: 'prod' }), world)).toBe(true);
  });

  it('lists what it cannot evaluate', () => {
    const rule = compileRule({ fromNodes: [{}], fromCIDRSet: [{ cidrGroupRef: 'office' }] }, 'ingress', 0, 'spec', { namespace: undefined });
    expect(rule.unsupported).toEqual(['fromNodes', 'cidrGroupRef']);
    expect(ruleMatchesPeer(rule, peer('reserved:remote-node', '10.0.0.1'))).toBe(false);
  });
});
