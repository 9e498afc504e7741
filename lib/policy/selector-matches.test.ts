import { describe, expect, it } from 'vitest';
import { indexLabels, selectorMatches } from './selector-matches';
import { compileSelector, scopePeerSelector, scopeSubjectSelector, splitSelectorKey } from './selector-compile';
import { cidrContains, compileCidr, parseIp } from './selector-cidr';
import { compileFqdnSelector, normalizeDnsName } from './selector-fqdn';
import { compilePorts, parseNamedPorts, portsMatch } from './selector-ports';
import { icmpTypeNumber } from './selector-icmp';
import type { EndpointSelector } from './cnp-types';

const pod = indexLabels(['k8s:app=web', 'k8s:io.kubernetes.pod.namespace=prod', 'k8s:tier=front', 'container:app=web']);
const host = indexLabels(['reserved:host']);
const matches = (selector: EndpointSelector, labels = pod) => selectorMatches(compileSelector(selector), labels);

describe('label selectors', () => {
  it('reads source prefixes: k8s:, any:, none, reserved:', () => {
    expect(splitSelectorKey('k8s:app')).toEqual({ source: 'k8s', key: 'app' });
    expect(splitSelectorKey('any:app')).toEqual({ source: 'any', key: 'app' });
    expect(splitSelectorKey('app.kubernetes.io/name')).toEqual({ source: 'any', key: 'app.kubernetes.io/name' });
    expect(matches({ matchLabels: { 'k8s:app': 'web' } })).toBe(true);
    expect(matches({ matchLabels: { app: 'web' } })).toBe(true);
    expect(matches({ matchLabels: { 'reserved:app': 'web' } })).toBe(false);
    expect(matches({ matchLabels: { 'reserved:host': '' } }, host)).toBe(true);
  });

  it('implements In, NotIn, Exists, DoesNotExist as Kubernetes does', () => {
    expect(matches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['back', 'front'] }] })).toBe(true);
    expect(matches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] })).toBe(false);
    expect(matches({ matchExpressions: [{ key: 'missing', operator: 'NotIn', values: ['x'] }] })).toBe(true);
    expect(matches({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] })).toBe(true);
    expect(matches({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] })).toBe(false);
    expect(matches({})).toBe(true);
    expect(matches({ matchLabels: { app: 'web', tier: 'back' } })).toBe(false);
  });

  it('compares YAML numbers as strings', () => {
    const v1 = indexLabels(['k8s:version=1']);
    expect(selectorMatches(compileSelector({ matchLabels: { version: 1 as unknown as string } }), v1)).toBe(true);
  });

  it('scopes subjects and peers like getEndpointSelector', () => {
    const other = indexLabels(['k8s:app=web', 'k8s:io.kubernetes.pod.namespace=dev']);
    const web = compileSelector({ matchLabels: { app: 'web' } });
    expect(selectorMatches(scopeSubjectSelector(web, { namespace: 'prod' }), other)).toBe(false);
    expect(selectorMatches(scopePeerSelector(web, { namespace: 'prod' }), other)).toBe(false);
    expect(selectorMatches(scopePeerSelector(web, { namespace: undefined }), other)).toBe(true);
    const any = compileSelector({});
    expect(selectorMatches(scopePeerSelector(any, { namespace: undefined }), host)).toBe(false);
    const named = compileSelector({ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'dev' } });
    expect(selectorMatches(scopePeerSelector(named, { namespace: 'prod' }), other)).toBe(true);
  });
});

describe('CIDRs', () => {
  it('parses IPv4 and IPv6, including :: and embedded IPv4', () => {
    expect(parseIp('10.0.0.1')).toEqual({ v6: false, words: [0x0a000001] });
    expect(parseIp('2001:db8::1')?.words).toEqual([0x20010db8, 0, 0, 1]);
    expect(parseIp('::ffff:1.2.3.4')?.words).toEqual([0, 0, 0xffff, 0x01020304]);
    expect(parseIp('fe80::1%eth0')?.v6).toBe(true);
    expect(parseIp('10.0.0.256')).toBeUndefined();
    expect(parseIp('1::2::3')).toBeUndefined();
  });

  it('matches prefixes with excepts, per family', () => {
    const set = compileCidr('10.0.0.0/8', ['10.96.0.0/12'])!;
    expect(cidrContains(set, parseIp('10.1.2.3')!)).toBe(true);
    expect(cidrContains(set, parseIp('10.100.0.1')!)).toBe(false);
    expect(cidrContains(set, parseIp('11.0.0.1')!)).toBe(false);
    const v6 = compileCidr('2001:db8::/32', ['2001:db8:ff::/48'])!;
    expect(cidrContains(v6, parseIp('2001:db8:1::5')!)).toBe(true);
    expect(cidrContains(v6, parseIp('2001:db8:ff::5')!)).toBe(false);
    expect(cidrContains(v6, parseIp('10.1.2.3')!)).toBe(false);
    expect(cidrContains(compileCidr('0.0.0.0/0')!, parseIp('8.8.8.8')!)).toBe(true);
    expect(compileCidr('10.0.0.0/33')).toBeUndefined();
  });
});

describe('FQDN selectors', () => {
  const m = (s: { matchName?: string; matchPattern?: string }, name: string) => compileFqdnSelector(s)!(normalizeDnsName(name));
  it('matchName is literal and case-insensitive', () => {
    expect(m({ matchName: 'API.github.com.' }, 'api.github.com')).toBe(true);
    expect(m({ matchName: 'api.github.com' }, 'xapi.github.com')).toBe(false);
  });
  it('matchPattern: * within one label, * alone, **. for several labels', () => {
    expect(m({ matchPattern: '*' }, 'anything.example')).toBe(true);
    expect(m({ matchPattern: 'sub*.cilium.io' }, 'subdomain.cilium.io')).toBe(true);
    expect(m({ matchPattern: 'sub*.cilium.io' }, 'www.cilium.io')).toBe(false);
    expect(m({ matchPattern: '*cilium.io' }, 'subcilium.io')).toBe(true);
    expect(m({ matchPattern: '*cilium.io' }, 'www.cilium.io')).toBe(false);
    expect(m({ matchPattern: '**.cilium.io' }, 'test.app.cilium.io')).toBe(true);
    expect(m({ matchPattern: '**.cilium.io' }, 'cilium.io')).toBe(false);
    expect(m({ matchPattern: 'a.b' }, 'aXb')).toBe(false);
    expect(compileFqdnSelector({})).toBeUndefined();
  });
});

describe('ports', () => {
  const tcp = (port: number) => ({ protocol: 'TCP' as const, sourcePort: 40000, destinationPort: port, flags: [] });
  it('port 0 / no port means all ports of the protocol; numbers in YAML are accepted', () => {
    expect(portsMatch(compilePorts([{ ports: [{ protocol: 'TCP' }] }], undefined), tcp(1))).toBe(true);
    expect(portsMatch(compilePorts([{ ports: [{ port: '0', protocol: 'UDP' }] }], undefined), tcp(1))).toBe(false);
    expect(portsMatch(compilePorts([{ ports: [{ port: 80 as unknown as string }] }], undefined), tcp(80))).toBe(true);
    expect(portsMatch(compilePorts([{ ports: [{ port: '80' }] }], undefined), undefined)).toBe(false);
    expect(portsMatch(compilePorts(undefined, undefined), undefined)).toBe(true);
  });
  it('parses named ports and ICMP names', () => {
    expect(parseNamedPorts('dns.UDP.53_dns-tcp.TCP.53_metrics.TCP.9153').get('dns-tcp')).toEqual([{ protocol: 'TCP', port: 53 }]);
    expect(icmpTypeNumber('IPv6', 'EchoRequest')).toBe(128);
    expect(icmpTypeNumber('IPv4', 'EchoRequest')).toBe(8);
    expect(icmpTypeNumber('IPv4', '3')).toBe(3);
    expect(icmpTypeNumber('IPv4', 'PacketTooBig')).toBeUndefined();
  });
});
