import type { Finding } from '../findings/finding';
import type { ProblemCode } from '../findings/problems';

/** A note on a rule: a problem code, or `dns-companion` for the DNS rule that makes toFQDNs work. */
export type RuleNote = ProblemCode | 'dns-companion';

/** Why a suggested rule exists: the findings it covers and their totals. */
export interface RuleEvidence {
  findingIds: string[];
  flows: number;
  blockedFlows: number;
  firstSeen: number;
  lastSeen: number;
  /** Notes on the rule (e.g. LSP101 for a world /32, LSP103 for a fallback resolver, `dns-companion`). */
  notes: RuleNote[];
  /** The same totals per port (`TCP/8080`, `ICMPv4/8`), for ports merged into an existing rule. */
  byPort: Record<string, Omit<RuleEvidence, 'notes' | 'byPort'>>;
}

function totals(findings: readonly Finding[]): Omit<RuleEvidence, 'notes' | 'byPort'> {
  return {
    findingIds: [...new Set(findings.map((f) => f.id))].sort(),
    flows: findings.reduce((n, f) => n + f.flows, 0),
    blockedFlows: findings.reduce((n, f) => n + f.blockedFlows, 0),
    firstSeen: Math.min(...findings.map((f) => f.firstSeen)),
    lastSeen: Math.max(...findings.map((f) => f.lastSeen)),
  };
}

/** Sums the evidence of findings (ids sorted, notes de-duplicated), overall and per port. */
export function evidenceOf(findings: readonly Finding[], notes: readonly RuleNote[] = []): RuleEvidence {
  const ports = new Map<string, Finding[]>();
  for (const f of findings) ports.set(portKey(f.protocol, f.port), [...(ports.get(portKey(f.protocol, f.port)) ?? []), f]);
  const byPort = Object.fromEntries([...ports.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, fs]) => [k, totals(fs)]));
  // The companion note explains the rule, so it comes first; warnings follow in code order.
  const sorted = [...new Set(notes)].sort((x, y) => (x === 'dns-companion' ? -1 : y === 'dns-companion' ? 1 : x < y ? -1 : 1));
  return { ...totals(findings), notes: sorted, byPort };
}

/** The key of {@link RuleEvidence.byPort}: `TCP/8080`, `ICMPv4/8`. */
export function portKey(protocol: string, port: number | string): string {
  return `${protocol}/${port}`;
}

/** The evidence of some ports of a rule only (e.g. the ports merged into an existing rule). */
export function evidenceForPorts(evidence: RuleEvidence, keys: readonly string[]): RuleEvidence {
  const parts = keys.map((k) => evidence.byPort[k]).filter((e): e is RuleEvidence['byPort'][string] => !!e);
  if (parts.length === 0) return evidence;
  return {
    findingIds: [...new Set(parts.flatMap((p) => p.findingIds))].sort(),
    flows: parts.reduce((n, p) => n + p.flows, 0),
    blockedFlows: parts.reduce((n, p) => n + p.blockedFlows, 0),
    firstSeen: Math.min(...parts.map((p) => p.firstSeen)),
    lastSeen: Math.max(...parts.map((p) => p.lastSeen)),
    notes: evidence.notes,
    byPort: Object.fromEntries(keys.filter((k) => evidence.byPort[k]).map((k) => [k, evidence.byPort[k]])),
  };
}

const NOTE_TEXT: Partial<Record<RuleNote, string>> = {
  'dns-companion': 'DNS companion of the toFQDNs rules: the DNS proxy must see the lookups to learn their addresses',
  LSP101: 'a /32 for a world address without a DNS name: prefer toFQDNs if it has one',
  LSP102: 'a /32 for a world client: use fromEntities: [world] if the service is public',
  LSP103: 'no DNS flow captured: conventional kube-dns selector, check your resolver',
  LSP104: "resolver taken from other workloads' DNS flows",
};

function isoMinute(ms: number): string {
  return new Date(ms).toISOString().replace(/:\d\d\.\d{3}Z$/, 'Z');
}

/**
 * The comment lines of a rule: `lockstep: 42 flows, first 2026-11-01T10:00Z, last 2026-11-01T10:05Z` plus one line
 * per note. Only numbers, times and fixed text: never flow content. Each line starts with a space (yaml `#` + text).
 */
export function evidenceComment(evidence: RuleEvidence): string {
  const flows = `${evidence.flows} flow${evidence.flows === 1 ? '' : 's'}`;
  const blocked = evidence.blockedFlows > 0 ? ` (${evidence.blockedFlows} blocked now)` : '';
  const lines = [` lockstep: ${flows}${blocked}, first ${isoMinute(evidence.firstSeen)}, last ${isoMinute(evidence.lastSeen)}`];
  for (const note of evidence.notes) if (NOTE_TEXT[note]) lines.push(` lockstep: ${NOTE_TEXT[note]}`);
  return lines.join('\n');
}
