import { describe, expect, it } from 'vitest';
import { FindingSet } from '@/lib/findings/finding-set';
import { flowBetween } from '@/lib/testing/flow-builders';
import { ResolverContext } from './resolver-context';
import { dnsAnswer } from './testing/fake-relay';

describe('ResolverContext', () => {
  it('reduces DNS flows to one observation per client and resolver, with the names asked (bounded)', () => {
    const ctx = new ResolverContext({ maxNames: 2 });
    for (const [i, name] of ['a.example.', 'b.example.', 'c.example.', 'a.example.'].entries()) ctx.observe(dnsAnswer('shop/api', name, i, `d${i}`));
    expect(ctx.observe(flowBetween('shop/api', 'shop/db', { port: 5432 }))).toBe(false);
    const { upserts, deletes } = ctx.takeDirty();
    expect(upserts).toHaveLength(1);
    expect(upserts[0]).toMatchObject({ namespace: 'shop', names: ['a.example.', 'b.example.'], flows: 4, lastSeen: dnsAnswer('shop/api', '', 3, '').time });
    expect(deletes).toEqual([]);
    expect(ctx.takeDirty().upserts).toEqual([]);
  });

  it('seeds never count as findings, but tell lib/findings the resolver', () => {
    const ctx = new ResolverContext();
    ctx.observe(dnsAnswer('shop/api', 'api.stripe.com.', 0, 'd0'));
    const seeds = ctx.seeds();
    expect(seeds.every((s) => s.eventType === 129 && s.uuid.startsWith('resolver-seed:'))).toBe(true);
    const egress = flowBetween('shop/api', 'reserved:world', { port: 443, destinationNames: ['api.stripe.com'], destinationIp: '93.184.216.34' });
    const findings = new FindingSet().add(seeds).add([egress]).findings();
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ flows: 1, dns: { source: 'observed' } });
  });

  it('stays bounded: per namespace and in total, evicting the least recently seen', () => {
    const ctx = new ResolverContext({ maxEntries: 3, maxPerNamespace: 2 });
    ctx.observe(dnsAnswer('a/one', 'x.', 1, '1'));
    ctx.observe(dnsAnswer('a/two', 'x.', 2, '2'));
    ctx.observe(dnsAnswer('a/three', 'x.', 3, '3'));
    ctx.observe(dnsAnswer('b/one', 'x.', 4, '4'));
    ctx.observe(dnsAnswer('c/one', 'x.', 5, '5'));
    expect(ctx.size).toBe(3);
    const { upserts, deletes } = ctx.takeDirty();
    expect(upserts.map((u) => u.namespace).sort()).toEqual(['a', 'b', 'c']);
    expect(deletes).toHaveLength(2);
  });
});
