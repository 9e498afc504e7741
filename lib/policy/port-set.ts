import type { Finding } from '../findings/finding';
import type { ICMPField, ICMPRule, PortProtocolEntry, PortRule } from './cnp-types';

/** The CRD caps `toPorts[].ports` and `icmps[].fields` at 40 entries each. */
export const MAX_ENTRIES = 40;

const PROTOCOL_ORDER = ['TCP', 'UDP', 'SCTP'];

/** L4 ports and ICMP types of a group of findings. */
export interface PortSet {
  /** `TCP/80`-style keys, sorted by protocol then port. */
  ports: { protocol: 'TCP' | 'UDP' | 'SCTP'; port: number }[];
  icmp: { family: 'IPv4' | 'IPv6'; type: number }[];
}

/** Collects the ports and ICMP types of findings, de-duplicated and sorted. */
export function portSetOf(findings: readonly Finding[]): PortSet {
  const ports = new Map<string, PortSet['ports'][number]>();
  const icmp = new Map<string, PortSet['icmp'][number]>();
  for (const f of findings) {
    if (f.protocol === 'ICMPv4' || f.protocol === 'ICMPv6') {
      const family = f.protocol === 'ICMPv4' ? 'IPv4' : 'IPv6';
      icmp.set(`${family}/${f.port}`, { family, type: f.port });
    } else ports.set(`${f.protocol}/${f.port}`, { protocol: f.protocol, port: f.port });
  }
  return {
    ports: [...ports.values()].sort((a, b) => PROTOCOL_ORDER.indexOf(a.protocol) - PROTOCOL_ORDER.indexOf(b.protocol) || a.port - b.port),
    icmp: [...icmp.values()].sort((a, b) => a.family.localeCompare(b.family) || a.type - b.type),
  };
}

/** A stable signature of a port set: groups of peers with equal signatures can share one rule. */
export function portSetSignature(set: PortSet): string {
  return JSON.stringify([set.ports.map((p) => `${p.protocol}/${p.port}`), set.icmp.map((i) => `${i.family}/${i.type}`)]);
}

function chunk<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += MAX_ENTRIES) out.push(items.slice(i, i + MAX_ENTRIES));
  return out;
}

/** `toPorts` for the L4 ports (ports are strings in the CRD), split in chunks of 40; undefined when none. */
export function toPortsOf(set: PortSet): PortRule[] | undefined {
  if (set.ports.length === 0) return undefined;
  const entries: PortProtocolEntry[] = set.ports.map((p) => ({ port: String(p.port), protocol: p.protocol }));
  return chunk(entries).map((ports) => ({ ports }));
}

/** `icmps` for the ICMP types, split in chunks of 40; undefined when none. */
export function icmpsOf(set: PortSet): ICMPRule[] | undefined {
  if (set.icmp.length === 0) return undefined;
  const fields: ICMPField[] = set.icmp.map((i) => ({ family: i.family, type: i.type }));
  return chunk(fields).map((f) => ({ fields: f }));
}
