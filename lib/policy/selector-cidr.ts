/** An IP address as 32-bit words: one word for IPv4, four for IPv6. */
export interface IpAddress {
  v6: boolean;
  words: readonly number[];
}

/** A prefix `address/bits`. */
interface Prefix {
  address: IpAddress;
  bits: number;
}

/** A compiled `toCIDR` entry or `toCIDRSet` rule: the prefix minus its `except` prefixes. */
export interface CompiledCidr {
  prefix: Prefix;
  except: readonly Prefix[];
}

/** Parses an IPv4 or IPv6 address (zone ids dropped); undefined when malformed. */
export function parseIp(text: string): IpAddress | undefined {
  const trimmed = text.trim();
  const zone = trimmed.indexOf('%');
  const s = zone === -1 ? trimmed : trimmed.slice(0, zone);
  if (s.includes(':')) {
    const words = parseIpv6(s);
    return words && { v6: true, words };
  }
  const word = parseIpv4(s);
  return word === undefined ? undefined : { v6: false, words: [word] };
}

/**
 * Compiles a CIDR with optional `except` CIDRs. Returns undefined for a malformed CIDR; a malformed except
 * entry is ignored (the CRD validates them, so this only happens with hand-edited input).
 */
export function compileCidr(cidr: string, except: readonly string[] = []): CompiledCidr | undefined {
  const prefix = parsePrefix(cidr);
  if (!prefix) return undefined;
  const excepts = except.map(parsePrefix).filter((p): p is Prefix => p !== undefined);
  return { prefix, except: excepts };
}

/** True when `ip` lies in the CIDR and in none of its `except` prefixes. */
export function cidrContains(cidr: CompiledCidr, ip: IpAddress): boolean {
  if (!prefixContains(cidr.prefix, ip)) return false;
  for (const except of cidr.except) if (prefixContains(except, ip)) return false;
  return true;
}

/** True when `ip` lies within `prefix` (same family only). */
function prefixContains(prefix: Prefix, ip: IpAddress): boolean {
  if (prefix.address.v6 !== ip.v6) return false;
  let bits = prefix.bits;
  for (let i = 0; i < ip.words.length && bits > 0; i++, bits -= 32) {
    const mask = bits >= 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    if (((ip.words[i] & mask) >>> 0) !== ((prefix.address.words[i] & mask) >>> 0)) return false;
  }
  return true;
}

function parsePrefix(text: string): Prefix | undefined {
  const slash = text.indexOf('/');
  const address = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (!address) return undefined;
  const max = address.v6 ? 128 : 32;
  const bits = slash === -1 ? max : Number(text.slice(slash + 1));
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return undefined;
  return { address, bits };
}

function parseIpv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let word = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    word = word * 256 + n;
  }
  return word >>> 0;
}

function parseIpv6(s: string): number[] | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const groups = [...head, ...tail];
  const last = groups[groups.length - 1];
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) counts as two groups.
  let v4: number | undefined;
  if (last !== undefined && last.includes('.')) {
    v4 = parseIpv4(last);
    if (v4 === undefined) return undefined;
    (tail.length ? tail : head).pop();
  }
  const hextets = [...head, ...tail].map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
  if (hextets.some(Number.isNaN)) return undefined;
  const needed = 8 - (v4 === undefined ? 0 : 2);
  const missing = needed - hextets.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const headCount = head.length;
  const full = [...hextets.slice(0, headCount), ...new Array(missing).fill(0), ...hextets.slice(headCount)];
  if (v4 !== undefined) full.push(v4 >>> 16, v4 & 0xffff);
  const words: number[] = [];
  for (let i = 0; i < 8; i += 2) words.push(((full[i] << 16) | full[i + 1]) >>> 0);
  return words;
}
