import type { Finding } from '../../findings/finding';
import { isPeriodic, periodicityStats } from '../periodicity';
import type { TriageSignal } from '../triage';

const SCHEDULED_KINDS = new Set(['CronJob', 'Job']);

function formatInterval(ms: number): string {
  if (ms >= 3_600_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Connections to the world at a regular cadence with low jitter: the shape of a beacon. Periodicity alone says
 * nothing in a cluster (scrapes, probes, leader election are periodic by design), so only egress to world peers
 * counts, and never a CronJob's or Job's own schedule. Hubble reports no byte counts on L3/L4 flows, so "few
 * bytes" cannot be checked.
 */
export function periodicTiming(finding: Finding): TriageSignal | undefined {
  const world = finding.peer.kind === 'cidr' || finding.peer.kind === 'fqdn' || (finding.peer.kind === 'entity' && finding.peer.entity === 'world');
  if (finding.direction !== 'EGRESS' || !world || !finding.timing) return undefined;
  const kind = finding.samples[0]?.source.workloads[0]?.kind;
  if (kind && SCHEDULED_KINDS.has(kind)) return undefined;
  const stats = periodicityStats(finding.timing.times);
  if (!isPeriodic(stats)) return undefined;
  return {
    code: 'periodic-timing',
    weight: 2,
    reason: `${stats.connections} connections every ${formatInterval(stats.medianMs)} with ${Math.round(stats.relativeMad * 100)} % jitter: the cadence of a beacon calling home.`,
    evidence: { connections: stats.connections, medianIntervalMs: Math.round(stats.medianMs), relativeMad: Number(stats.relativeMad.toFixed(3)), skew: Number(stats.skew.toFixed(3)) },
  };
}
