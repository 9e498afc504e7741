import type { Finding } from '../../findings/finding';
import type { TriageContext } from '../triage-context';
import type { TriageSignal } from '../triage';
import { subjectKey } from '../workload-key';

const HOUR = 3_600_000;
/** Fewest connections for a time-of-day pattern to mean anything (one connection is always "in one hour"). */
const MIN_CONNECTIONS = 10;

function activeHours(hours: readonly number[]): number[] {
  return hours.flatMap((n, h) => (n > 0 ? [h] : []));
}

/**
 * New behaviour: the pair was first seen well after observation began (a quarter of it, at least an hour later)
 * from a workload active from the start; or, with a day or more of observation, it happens only in a few hours of
 * the day while the workload's other traffic runs all day (at least 10 connections).
 */
export function newBehaviour(finding: Finding, ctx: TriageContext): TriageSignal | undefined {
  const span = ctx.observedUntil - ctx.observedFrom;
  const activity = ctx.activity.get(subjectKey(finding));
  const fromStart = !!activity && activity.firstSeen - ctx.observedFrom <= span * 0.1;
  const late = finding.firstSeen - ctx.observedFrom;
  if (span >= 2 * HOUR && fromStart && late >= Math.max(span * 0.25, HOUR)) {
    return {
      code: 'new-behaviour',
      weight: 1,
      reason: `first seen ${(late / HOUR).toFixed(1)} h after observation began, from a workload active since the start.`,
      evidence: { firstSeenAfterMs: late, observedMs: span },
    };
  }
  const own = activeHours(finding.timing?.hours ?? []);
  const all = activeHours(activity?.hours ?? []);
  const connections = (finding.timing?.hours ?? []).reduce((n, c) => n + c, 0);
  if (span < 24 * HOUR || connections < MIN_CONNECTIONS || own.length > 8 || all.length < 16) return undefined;
  const list = own.map((h) => `${String(h).padStart(2, '0')}:00`).join(', ');
  return {
    code: 'new-behaviour',
    weight: 1,
    reason: `only in ${own.length} hour(s) of the day (UTC ${list}) while the workload's other traffic runs ${all.length} hours a day.`,
    evidence: { activeHours: own.length, workloadActiveHours: all.length },
  };
}
