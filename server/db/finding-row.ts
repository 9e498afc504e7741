import 'server-only';
import type { Flow } from '@/lib/flow/flow';
import type { DnsResolvers, Finding, FindingDirection, FindingProtocol, FindingSubject, Peer } from '@/lib/findings/finding';
import { mergeTiming, type FindingTiming } from '@/lib/findings/finding-timing';
import type { FindingsTable } from './schema';
import type { StoredFinding } from './store';

/** Pure conversions between lib `Finding`s and `findings` rows, and the merge of a batch into a row. */

const MAX_NODES = 256;
const DNS_RANK: Record<DnsResolvers['source'], number> = { fallback: 0, inferred: 1, observed: 2 };

/** The row for a finding seen for the first time. */
export function newFindingRow(delta: Finding, now: number, sampleSize: number): FindingsTable {
  return {
    id: delta.id,
    key: delta.key,
    namespace: delta.subject.namespace,
    workload: delta.subject.workload,
    subject: JSON.stringify(delta.subject),
    direction: delta.direction,
    peer_kind: delta.peer.kind,
    peer: JSON.stringify(delta.peer),
    protocol: delta.protocol,
    port: delta.port,
    flows: delta.flows,
    audit_flows: delta.auditFlows,
    blocked_flows: delta.blockedFlows,
    first_seen: delta.firstSeen,
    last_seen: delta.lastSeen,
    last_audit_at: delta.auditFlows > 0 ? delta.lastSeen : null,
    nodes: JSON.stringify(delta.nodes.slice(0, MAX_NODES)),
    samples: JSON.stringify(firstSamples(delta.samples, sampleSize)),
    dns: delta.dns ? JSON.stringify(delta.dns) : null,
    timing: delta.timing ? JSON.stringify(delta.timing) : null,
    status: 'new',
    seen_again: 0,
    flows_at_review: 0,
    reviewed_by: null,
    reviewed_at: null,
    created_at: now,
    updated_at: now,
  };
}

/**
 * Adds a batch's counts to a stored row: counts summed, first/last seen min/max, nodes united, the earliest
 * samples kept (bounded), the better-informed DNS resolvers kept, subject labels intersected. A rejected finding
 * with new flows becomes "seen again" (`seenAgainNow` on the transition only).
 */
export function mergeFindingRow(row: FindingsTable, delta: Finding, now: number, sampleSize: number): { row: FindingsTable; seenAgainNow: boolean } {
  const seenAgainNow = row.status === 'rejected' && row.seen_again === 0 && delta.flows > 0;
  const merged: FindingsTable = {
    ...row,
    subject: mergeSubject(row.subject, delta.subject),
    flows: row.flows + delta.flows,
    audit_flows: row.audit_flows + delta.auditFlows,
    blocked_flows: row.blocked_flows + delta.blockedFlows,
    first_seen: Math.min(row.first_seen, delta.firstSeen),
    last_seen: Math.max(row.last_seen, delta.lastSeen),
    last_audit_at: delta.auditFlows > 0 ? Math.max(row.last_audit_at ?? 0, delta.lastSeen) : row.last_audit_at,
    nodes: mergeNodes(row.nodes, delta.nodes),
    samples: mergeSamples(row.samples, delta.samples, sampleSize),
    dns: mergeDns(row.dns, delta.dns),
    timing: delta.timing ? JSON.stringify(mergeTiming(parseTiming(row.timing), delta.timing)) : row.timing,
    seen_again: seenAgainNow ? 1 : row.seen_again,
    updated_at: now,
  };
  return { row: merged, seenAgainNow };
}

function firstSamples(samples: readonly Flow[], sampleSize: number): Flow[] {
  return [...samples].sort((a, b) => a.time - b.time || a.timeNanos - b.timeNanos).slice(0, sampleSize);
}

function mergeSamples(stored: string, added: readonly Flow[], sampleSize: number): string {
  if (added.length === 0) return stored;
  const old = JSON.parse(stored) as Flow[];
  const newest = old.length > 0 ? old[old.length - 1].time : Infinity;
  // Full and every added sample is later: nothing changes (the common case once a finding is established).
  if (old.length >= sampleSize && added.every((f) => f.time >= newest)) return stored;
  const byUuid = new Map([...old, ...added].map((f) => [f.uuid, f]));
  return JSON.stringify(firstSamples([...byUuid.values()], sampleSize));
}

function mergeNodes(stored: string, added: readonly string[]): string {
  const old = JSON.parse(stored) as string[];
  if (added.every((n) => old.includes(n)) || old.length >= MAX_NODES) return stored;
  return JSON.stringify([...new Set([...old, ...added])].sort().slice(0, MAX_NODES));
}

function parseTiming(stored: string | null | undefined): FindingTiming | undefined {
  return stored ? (JSON.parse(stored) as FindingTiming) : undefined;
}

function mergeDns(stored: string | null, added: DnsResolvers | undefined): string | null {
  if (!added) return stored;
  if (stored === null) return JSON.stringify(added);
  const old = JSON.parse(stored) as DnsResolvers;
  return DNS_RANK[added.source] >= DNS_RANK[old.source] ? JSON.stringify(added) : stored;
}

function mergeSubject(stored: string, added: FindingSubject): string {
  const old = JSON.parse(stored) as FindingSubject;
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(old.labels)) if (added.labels[key] === value) labels[key] = value;
  if (Object.keys(labels).length === Object.keys(old.labels).length) return stored;
  return JSON.stringify({ ...old, labels });
}

/** A row as the API's {@link StoredFinding}. Lists may leave samples out (`[]`). */
export function toStoredFinding(row: FindingsTable, includeSamples = true): StoredFinding {
  return {
    id: row.id,
    key: row.key,
    subject: JSON.parse(row.subject) as FindingSubject,
    direction: row.direction as FindingDirection,
    peer: JSON.parse(row.peer) as Peer,
    protocol: row.protocol as FindingProtocol,
    port: row.port,
    flows: row.flows,
    auditFlows: row.audit_flows,
    blockedFlows: row.blocked_flows,
    blockedNow: row.blocked_flows > 0,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    nodes: JSON.parse(row.nodes) as string[],
    samples: includeSamples ? (JSON.parse(row.samples) as Flow[]) : [],
    ...(row.dns !== null && { dns: JSON.parse(row.dns) as DnsResolvers }),
    ...(row.timing && { timing: JSON.parse(row.timing) as FindingTiming }),
    status: row.status,
    seenAgain: row.seen_again === 1,
    flowsAtReview: row.flows_at_review,
    lastAuditAt: row.last_audit_at ?? undefined,
    reviewedBy: row.reviewed_by ?? undefined,
    reviewedAt: row.reviewed_at ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
