import 'server-only';
import type { Layer4, Layer7 } from '@/lib/flow/flow';
import { EMPTY_STRINGS, enumOf, push, readPair, skipOther, sub, type Wire } from './wire-cursor';

/** Flow.l4 (TCP, UDP, SCTP, ICMPv4/v6, VRRP, IGMP) and Flow.l7 (DNS, HTTP) read from the wire (decode-flow-response.ts). */

const L7_TYPES = ['UNKNOWN_L7_TYPE', 'REQUEST', 'RESPONSE', 'SAMPLE'] as const;
const TCP_FLAGS = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'NS'];

export function readLayer4(w: Wire): Layer4 | undefined {
  let tcp: Layer4 | undefined;
  let udp: Layer4 | undefined;
  let sctp: Layer4 | undefined;
  let icmp4: Layer4 | undefined;
  let icmp6: Layer4 | undefined;
  let vrrp: Layer4 | undefined;
  let igmp: Layer4 | undefined;
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x0a) tcp = sub(w, readTcp);
    else if (tag === 0x12) udp = sub(w, (r) => readPorts(r, 'UDP'));
    else if (tag === 0x1a) icmp4 = sub(w, (r) => readIcmp(r, 'ICMPv4'));
    else if (tag === 0x22) icmp6 = sub(w, (r) => readIcmp(r, 'ICMPv6'));
    else if (tag === 0x2a) sctp = sub(w, (r) => readPorts(r, 'SCTP'));
    else if (tag === 0x32) vrrp = sub(w, readVrrp);
    else if (tag === 0x3a) igmp = sub(w, readIgmp);
    else skipOther(w, tag, 1, 2, 3, 4, 5, 6, 7);
  }
  // The translator's precedence when a malformed message sets several members of the oneof.
  return tcp ?? udp ?? sctp ?? icmp4 ?? icmp6 ?? vrrp ?? igmp;
}

function readTcp(w: Wire): Layer4 {
  let sourcePort = 0;
  let destinationPort = 0;
  let flags: string[] = [];
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) sourcePort = w.uint32();
    else if (tag === 0x10) destinationPort = w.uint32();
    else if (tag === 0x1a) flags = sub(w, readTcpFlags);
    else skipOther(w, tag, 1, 2, 3);
  }
  return { protocol: 'TCP', sourcePort, destinationPort, flags };
}

/** The flag lists by bit mask (bit i = TCP_FLAGS[i]), made once each: flows are never mutated. */
const FLAG_LISTS = new Array<string[] | undefined>(1 << TCP_FLAGS.length).fill(undefined);

function readTcpFlags(w: Wire): string[] {
  let mask = 0;
  while (w.pos < w.end) {
    const tag = w.varint();
    const field = tag >>> 3;
    if ((tag & 7) === 0 && field >= 1 && field <= TCP_FLAGS.length) {
      if (w.bool()) mask |= 1 << (field - 1);
      else mask &= ~(1 << (field - 1));
    } else skipOther(w, tag, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }
  let flags = FLAG_LISTS[mask];
  if (flags === undefined) {
    flags = TCP_FLAGS.filter((_, i) => (mask & (1 << i)) !== 0);
    FLAG_LISTS[mask] = Object.freeze(flags) as string[];
  }
  return flags;
}

function readPorts(w: Wire, protocol: 'UDP' | 'SCTP'): Layer4 {
  let sourcePort = 0;
  let destinationPort = 0;
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) sourcePort = w.uint32();
    else if (tag === 0x10) destinationPort = w.uint32();
    else skipOther(w, tag, 1, 2);
  }
  return { protocol, sourcePort, destinationPort };
}

function readIcmp(w: Wire, protocol: 'ICMPv4' | 'ICMPv6'): Layer4 {
  let type = 0;
  let code = 0;
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) type = w.uint32();
    else if (tag === 0x10) code = w.uint32();
    else skipOther(w, tag, 1, 2);
  }
  return { protocol, type, code };
}

function readVrrp(w: Wire): Layer4 {
  let type = 0;
  let vrid = 0;
  let priority = 0;
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) type = w.uint32();
    else if (tag === 0x10) vrid = w.uint32();
    else if (tag === 0x18) priority = w.uint32();
    else skipOther(w, tag, 1, 2, 3);
  }
  return { protocol: 'VRRP', type, vrid, priority };
}

function readIgmp(w: Wire): Layer4 {
  let type = 0;
  let groupAddress = '';
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) type = w.uint32();
    else if (tag === 0x12) groupAddress = w.string();
    else skipOther(w, tag, 1, 2);
  }
  return { protocol: 'IGMP', type, groupAddress };
}

export function readLayer7(w: Wire): Layer7 {
  let type: Layer7['type'] = L7_TYPES[0];
  let latencyNs = 0;
  let dns: Layer7['dns'];
  let http: Layer7['http'];
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) type = enumOf(w.int32(), L7_TYPES);
    else if (tag === 0x10) latencyNs = w.uint64();
    else if (tag === 0x322) dns = sub(w, readDns);
    else if (tag === 0x32a) http = sub(w, readHttp);
    else skipOther(w, tag, 1, 2, 100, 101);
  }
  const l7: Layer7 = { type, latencyNs };
  if (dns) l7.dns = dns;
  if (http) l7.http = http;
  return l7;
}

function readDns(w: Wire): NonNullable<Layer7['dns']> {
  let query = '';
  let ips = EMPTY_STRINGS;
  let ttl = 0;
  let cnames = EMPTY_STRINGS;
  let observationSource = '';
  let rcode = 0;
  let qtypes = EMPTY_STRINGS;
  let rrtypes = EMPTY_STRINGS;
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x0a) query = w.string();
    else if (tag === 0x12) ips = push(ips, w.string());
    else if (tag === 0x18) ttl = w.uint32();
    else if (tag === 0x22) cnames = push(cnames, w.string());
    else if (tag === 0x2a) observationSource = w.string();
    else if (tag === 0x30) rcode = w.uint32();
    else if (tag === 0x3a) qtypes = push(qtypes, w.string());
    else if (tag === 0x42) rrtypes = push(rrtypes, w.string());
    else skipOther(w, tag, 1, 2, 3, 4, 5, 6, 7, 8);
  }
  return { query, ips, ttl, cnames, observationSource, rcode, qtypes, rrtypes };
}

function readHttp(w: Wire): NonNullable<Layer7['http']> {
  let code = 0;
  let method = '';
  let url = '';
  let protocol = '';
  const headers: { key: string; value: string }[] = [];
  while (w.pos < w.end) {
    const tag = w.varint();
    if (tag === 0x08) code = w.uint32();
    else if (tag === 0x12) method = w.string();
    else if (tag === 0x1a) url = w.string();
    else if (tag === 0x22) protocol = w.string();
    else if (tag === 0x2a) {
      const [key, value] = sub(w, readPair);
      headers.push({ key, value });
    } else skipOther(w, tag, 1, 2, 3, 4, 5);
  }
  return { code, method, url, protocol, headers };
}
