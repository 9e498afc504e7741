import type { ICMPRule, PortRule } from './cnp-types';
import type { Layer4 } from '../flow/flow';
import { icmpTypeNumber } from './selector-icmp';

/** A port range of one protocol; `ANY` stands for TCP, UDP and SCTP (CRD `protocol`). */
interface PortRange {
  protocol: string;
  from: number;
  to: number;
}

/** The L4 part of a rule (`toPorts` + `icmps`) compiled for matching. */
export interface CompiledPorts {
  /** No `toPorts` and no `icmps`: every port of every protocol, ICMP included. */
  any: boolean;
  ranges: readonly PortRange[];
  /** Named ports (`port: http`), resolved against the destination's named ports when known. */
  named: readonly { name: string; protocol: string }[];
  icmps: readonly { family: 'IPv4' | 'IPv6'; type: number }[];
  /** Some `toPorts[].rules` (HTTP, DNS, ...) is present: evaluated as its L3/L4 allow only. */
  hasL7: boolean;
}

/** Named container ports of a destination: name → `{protocol, port}` list. */
export type NamedPorts = ReadonlyMap<string, readonly { protocol: string; port: number }[]>;

const PORTED = new Set(['TCP', 'UDP', 'SCTP']);

/** Compiles `toPorts` and `icmps` of one rule. Missing protocol means ANY; port `0` or none means all ports. */
export function compilePorts(toPorts: readonly PortRule[] | undefined, icmps: readonly ICMPRule[] | undefined): CompiledPorts {
  const ranges: PortRange[] = [];
  const named: { name: string; protocol: string }[] = [];
  let hasL7 = false;
  for (const rule of toPorts ?? []) {
    if (rule.rules && Object.keys(rule.rules).length > 0) hasL7 = true;
    const entries = rule.ports?.length ? rule.ports : [{}];
    for (const entry of entries) {
      const protocol = String(entry.protocol ?? 'ANY').toUpperCase() || 'ANY';
      const raw = entry.port === undefined || entry.port === null ? '0' : String(entry.port).trim();
      if (!/^\d+$/.test(raw)) {
        named.push({ name: raw, protocol });
        continue;
      }
      const port = Number(raw);
      const end = Number(entry.endPort ?? 0);
      if (port === 0) ranges.push({ protocol, from: 0, to: 65535 });
      else ranges.push({ protocol, from: port, to: end > port ? end : port });
    }
  }
  const compiledIcmps: { family: 'IPv4' | 'IPv6'; type: number }[] = [];
  for (const rule of icmps ?? []) {
    for (const field of rule.fields ?? []) {
      const family = field.family === 'IPv6' ? 'IPv6' : 'IPv4';
      const type = icmpTypeNumber(family, field.type);
      if (type !== undefined) compiledIcmps.push({ family, type });
    }
  }
  const any = !toPorts?.length && !icmps?.length;
  return { any, ranges, named, icmps: compiledIcmps, hasL7 };
}

/**
 * True when the flow's L4 header is allowed by `ports`. A flow without L4 information only matches a rule
 * without L4 constraints. Named ports match only when `namedPorts` (the destination's) resolves them.
 */
export function portsMatch(ports: CompiledPorts, l4: Layer4 | undefined, namedPorts?: NamedPorts): boolean {
  if (ports.any) return true;
  if (!l4) return false;
  if (l4.protocol === 'ICMPv4' || l4.protocol === 'ICMPv6') {
    const family = l4.protocol === 'ICMPv4' ? 'IPv4' : 'IPv6';
    return ports.icmps.some((icmp) => icmp.family === family && icmp.type === l4.type);
  }
  const port = 'destinationPort' in l4 ? l4.destinationPort : -1;
  for (const range of ports.ranges) {
    if (!protocolMatches(range.protocol, l4.protocol)) continue;
    if (!PORTED.has(l4.protocol) || (port >= range.from && port <= range.to)) return true;
  }
  if (namedPorts && ports.named.length > 0) {
    for (const { name, protocol } of ports.named) {
      for (const target of namedPorts.get(name) ?? []) {
        if (target.port === port && protocolMatches(protocol, l4.protocol) && protocolMatches(target.protocol, l4.protocol)) return true;
      }
    }
  }
  return false;
}

function protocolMatches(ruleProtocol: string, flowProtocol: string): boolean {
  if (ruleProtocol === 'ANY') return PORTED.has(flowProtocol);
  return ruleProtocol === flowProtocol;
}

/**
 * Parses the value of the `gen:io.cilium.k8s.named-ports` label Hubble shows on endpoints with named container
 * ports (`dns.UDP.53_dns-tcp.TCP.53_metrics.TCP.9153`) into {@link NamedPorts}.
 */
export function parseNamedPorts(value: string): Map<string, { protocol: string; port: number }[]> {
  const out = new Map<string, { protocol: string; port: number }[]>();
  for (const item of value.split('_')) {
    const parts = item.split('.');
    if (parts.length !== 3 || !/^\d+$/.test(parts[2])) continue;
    const entry = { protocol: parts[1].toUpperCase(), port: Number(parts[2]) };
    const list = out.get(parts[0]);
    if (list) list.push(entry);
    else out.set(parts[0], [entry]);
  }
  return out;
}
