import { normalizeDnsName } from '../findings/dns-name';
import type { PortProtocolEntry, PortRule } from './cnp-types';
import { selectorKey } from './merge-selector';

/** Rule sections Lockstep merges into. */
export type Section = 'ingress' | 'egress';

const PEER_FIELDS: Record<Section, string[]> = {
  ingress: ['fromEndpoints', 'fromEntities', 'fromCIDR', 'fromCIDRSet', 'fromRequires', 'fromNodes', 'fromGroups', 'authentication'],
  egress: ['toEndpoints', 'toEntities', 'toCIDR', 'toCIDRSet', 'toFQDNs', 'toServices', 'toRequires', 'toNodes', 'toGroups', 'authentication'],
};

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function normalizeField(field: string, value: unknown): unknown {
  const sorted = (items: unknown[]) => [...new Set(items.map((i) => (typeof i === 'string' ? i : JSON.stringify(i))))].sort();
  if (field.endsWith('Endpoints') || field.endsWith('Nodes')) return sorted(list(value).map((s) => selectorKey((s ?? {}) as never)));
  if (field.endsWith('Entities') || field.endsWith('CIDR')) return sorted(list(value).map(String));
  if (field === 'toFQDNs') {
    return sorted(list(value).map((s) => {
      const sel = (s ?? {}) as { matchName?: unknown; matchPattern?: unknown };
      return sel.matchName !== undefined ? `n:${normalizeDnsName(String(sel.matchName)) ?? sel.matchName}` : `p:${String(sel.matchPattern).toLowerCase()}`;
    }));
  }
  return JSON.stringify(value);
}

const CONSTRAINTS = new Set(['fromRequires', 'toRequires', 'authentication']);

/** The normalised peer values of a rule by field (`toEntities` → `['host']`), constraints as JSON. */
function peerSets(rule: unknown, section: Section): Map<string, Set<string>> {
  const r = (rule ?? {}) as Record<string, unknown>;
  const out = new Map<string, Set<string>>();
  for (const f of PEER_FIELDS[section]) {
    if (r[f] === undefined || r[f] === null) continue;
    const value = normalizeField(f, r[f]);
    out.set(f, new Set(Array.isArray(value) ? value.map(String) : [String(value)]));
  }
  return out;
}

/**
 * True when an existing rule's peers include every peer of a suggested rule (peers in one rule are alternatives),
 * and the existing rule carries no constraint (`fromRequires`, `toRequires`, `authentication`) that narrows it.
 * `toEntities: [all]` includes every entity. Ports are compared separately.
 */
export function peersInclude(existing: unknown, suggested: unknown, section: Section): boolean {
  const have = peerSets(existing, section);
  if ([...have.keys()].some((f) => CONSTRAINTS.has(f))) return false;
  const want = peerSets(suggested, section);
  if (want.size === 0) return false;
  return [...want].every(([field, values]) => {
    const got = have.get(field);
    if (field.endsWith('Entities') && got?.has('all')) return true;
    return !!got && [...values].every((v) => got.has(v));
  });
}

/**
 * What a rule allows traffic from/to, independent of ports: two rules with equal signatures name the same peers
 * (selector key prefixes, order and FQDN case ignored). Rules with authentication never match ours.
 */
export function peerSignature(rule: unknown, section: Section): string {
  const r = (rule ?? {}) as Record<string, unknown>;
  return JSON.stringify(PEER_FIELDS[section].filter((f) => r[f] !== undefined && r[f] !== null).map((f) => [f, normalizeField(f, r[f])]));
}

/** A PortRule with nothing but `ports` (no L7, listener, TLS or SNI): ports can be added to it safely. */
export function isPlainPortRule(pr: unknown): pr is PortRule & { ports: PortProtocolEntry[] } {
  return !!pr && typeof pr === 'object' && Array.isArray((pr as PortRule).ports) && Object.keys(pr).every((k) => k === 'ports');
}

/** True when an existing port entry allows `want` (protocol absent/ANY matches all; `port` "0"/absent = all; ranges). */
export function portEntryCovers(entry: PortProtocolEntry, want: { port: number; protocol: string }): boolean {
  const protocol = entry?.protocol;
  if (protocol !== undefined && protocol !== 'ANY' && protocol !== want.protocol) return false;
  const text = entry?.port === undefined ? '0' : String(entry.port);
  if (!/^[0-9]+$/.test(text)) return false;
  const port = Number(text);
  if (port === 0) return true;
  const end = typeof entry.endPort === 'number' && entry.endPort >= port ? entry.endPort : port;
  return want.port >= port && want.port <= end;
}

/** True when a PortRule carries a DNS rule allowing every name (`matchPattern: "*"`). */
export function isDnsWildcardPortRule(pr: unknown): boolean {
  const dns = (pr as PortRule | undefined)?.rules?.dns;
  return Array.isArray(dns) && dns.some((d) => d?.matchPattern === '*');
}
