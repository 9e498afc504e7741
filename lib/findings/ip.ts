/** Minimal IPv4/IPv6 parsing for world peers (pure; no `node:net`, so it runs in the browser too). */

/** A parsed address: 4 or 16 bytes. */
export interface ParsedIp {
  version: 4 | 6;
  bytes: number[];
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((p) => (/^(0|[1-9][0-9]{0,2})$/.test(p) ? Number(p) : 256));
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

function parseIpv6(text: string): number[] | undefined {
  if (!/^[0-9A-Fa-f:.]{2,45}$/.test(text)) return undefined;
  let t = text;
  if (t.includes('.')) {
    // An embedded IPv4 tail (`::ffff:1.2.3.4`) becomes two hex groups.
    const lastColon = t.lastIndexOf(':');
    const v4 = parseIpv4(t.slice(lastColon + 1));
    if (!v4) return undefined;
    t = `${t.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = t.split('::');
  if (halves.length > 2) return undefined;
  const left = halves[0] === '' ? [] : halves[0].split(':');
  const right = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  if (![...left, ...right].every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  return groups.map((g) => parseInt(g, 16)).flatMap((w) => [w >> 8, w & 0xff]);
}

/** Parses an IPv4 or IPv6 address; undefined when invalid. */
export function parseIp(text: string): ParsedIp | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > 45) return undefined;
  const v4 = parseIpv4(text);
  if (v4) return { version: 4, bytes: v4 };
  const v6 = parseIpv6(text);
  return v6 ? { version: 6, bytes: v6 } : undefined;
}

/** Canonical text of an address (RFC 5952 for IPv6). */
export function formatIp(ip: ParsedIp): string {
  if (ip.version === 4) return ip.bytes.join('.');
  const words = Array.from({ length: 8 }, (_, i) => (ip.bytes[2 * i] << 8) | ip.bytes[2 * i + 1]);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best === -1) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** The single-address CIDR of an address: `/32` for IPv4, `/128` for IPv6. */
export function hostCidr(ip: ParsedIp): string {
  return `${formatIp(ip)}/${ip.version === 4 ? 32 : 128}`;
}

/** Parses `a.b.c.d/n` or `x::/n`; undefined when invalid. */
export function parseCidr(text: string): { ip: ParsedIp; prefix: number } | undefined {
  const slash = text.indexOf('/');
  if (slash === -1) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= ip.bytes.length * 8 ? { ip, prefix } : undefined;
}

/** True when `ip` lies inside `cidr` (same family only). */
export function ipInCidr(ip: ParsedIp, cidr: { ip: ParsedIp; prefix: number }): boolean {
  if (ip.version !== cidr.ip.version) return false;
  for (let bit = 0; bit < cidr.prefix; bit++) {
    const mask = 0x80 >> bit % 8;
    if ((ip.bytes[bit >> 3] & mask) !== (cidr.ip.bytes[bit >> 3] & mask)) return false;
  }
  return true;
}
