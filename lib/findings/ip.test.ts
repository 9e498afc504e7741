import { describe, expect, it } from 'vitest';
import { formatIp, hostCidr, ipInCidr, parseCidr, parseIp } from './ip';

describe('ip', () => {
  it('parses and formats IPv4 and IPv6 (RFC 5952)', () => {
    expect(hostCidr(parseIp('203.0.113.10')!)).toBe('203.0.113.10/32');
    expect(hostCidr(parseIp('2001:DB8:0:0:0:0:0:1')!)).toBe('2001:db8::1/128');
    expect(formatIp(parseIp('::ffff:1.2.3.4')!)).toBe('::ffff:102:304');
    expect(formatIp(parseIp('fe80::')!)).toBe('fe80::');
    expect(formatIp(parseIp('1:0:0:1:0:0:0:1')!)).toBe('1:0:0:1::1');
  });

  it.each(['', '1.2.3', '1.2.3.256', '01.2.3.4', '1::2::3', ':1', '12345::', 'g::1', '1.2.3.4/32', ' 1.2.3.4', '1:2:3:4:5:6:7:8:9'])('rejects %j', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });

  it('tests CIDR membership per family', () => {
    const cidr = parseCidr('10.0.0.0/8')!;
    expect(ipInCidr(parseIp('10.1.2.3')!, cidr)).toBe(true);
    expect(ipInCidr(parseIp('11.1.2.3')!, cidr)).toBe(false);
    expect(ipInCidr(parseIp('::a01:203')!, cidr)).toBe(false);
    expect(ipInCidr(parseIp('fd00::5')!, parseCidr('fd00::/8')!)).toBe(true);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
  });
});
