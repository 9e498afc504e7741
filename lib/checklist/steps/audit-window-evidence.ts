import { formatAgo, formatDuration, formatInstant, listNames, plural } from '../format';
import type { ChecklistWarning, Evidence, EvidenceSource } from '../checklist';
import { checklistWarning } from '../warnings';
import { isWindowOpen, windowCoverage, type AuditWindow } from '../../rollout/audit-window/audit-window';
import type { AuditWindowFacts } from '../../rollout/audit-window/window-facts';

const CLOSE_TEXT = { closed: 'closed by hand', expired: 'its time was up', enforce: 'step 7 marked "enforce"' } as const;

function source(window: AuditWindow): EvidenceSource {
  return window.mode === 'exec' ? 'kubernetes' : 'manual';
}

/** Step 3's evidence lines for the namespace's audit window (none when there is none). */
export function windowEvidence(facts: AuditWindowFacts | undefined, now: number): Evidence[] {
  const current = facts?.current;
  if (!current) return [];
  const { window: w, verification } = current;
  const src = source(w);
  if (!isWindowOpen(w)) {
    const late = verification.auditAfterClose;
    return [
      { label: 'Audit window', value: `closed ${formatInstant(w.closedAt!)} (${CLOSE_TEXT[w.closeReason ?? 'closed']}${w.closedBy ? `, ${w.closedBy}` : ''}); opened ${formatInstant(w.openedAt)} by ${w.openedBy}`, source: src },
      { label: 'AUDIT after closing', value: late ? `${plural(late.flows, 'flow')} from ${listNames(late.pods, 3)}, last ${formatAgo(late.lastAt, now)}` : 'none: audit stopped', source: 'measured' },
    ];
  }
  const { covered, total } = windowCoverage(w);
  const items: Evidence[] = [
    { label: 'Audit window', value: `open since ${formatInstant(w.openedAt)} by ${w.openedBy}; closes at ${formatInstant(w.closesAt)} (in ${formatDuration(w.closesAt - now)})`, source: src },
    { label: 'Endpoints in audit mode', value: `${covered} / ${total}${w.mode === 'manual' && !w.manual?.confirmedAt ? ' (waiting for the script to be run)' : ''}`, source: src },
  ];
  if (w.lastReconcile) {
    const r = w.lastReconcile;
    items.push({ label: 'Last reconcile', value: `${formatAgo(r.at, now)}: ${r.ok ? `${plural(r.enabled, 'endpoint')} enabled, ${r.dropped} dropped` : `failed: ${r.message ?? 'unknown'}`}`, source: 'kubernetes' });
  }
  const unreachable = w.endpoints.filter((e) => e.state === 'unreachable');
  if (unreachable.length) {
    items.push({ label: 'Unreachable endpoints', value: unreachable.map((e) => `${e.pod} (endpoint ${e.endpointId}${e.node ? ` on ${e.node}` : ''}): ${e.reason ?? 'unknown'}`).join('; '), source: 'kubernetes' });
  }
  const audit = verification.endpoints.filter((e) => e.status === 'audit').map((e) => e.pod);
  const enforcing = verification.endpoints.filter((e) => e.status === 'not-in-audit-mode').map((e) => e.pod);
  const value = audit.length || enforcing.length
    ? [audit.length ? `AUDIT from ${listNames(audit, 3)}` : '', enforcing.length ? `not in audit mode: ${listNames(enforcing, 3)}` : ''].filter(Boolean).join('; ')
    : 'no AUDIT or policy drop seen since the window opened';
  items.push({ label: 'Verdicts since the window opened', value, source: 'measured' });
  return items;
}

/** Step 3's warnings about the window: endpoints not in audit mode, unreachable ones, audit that did not stop. */
export function windowWarnings(facts: AuditWindowFacts | undefined, namespace: string): ChecklistWarning[] {
  const current = facts?.current;
  if (!current) return [];
  const { window: w, verification } = current;
  const out: ChecklistWarning[] = [];
  const late = verification.auditAfterClose;
  if (late) out.push(checklistWarning('audit-window.still-auditing', { namespace, flows: late.flows, lastAt: late.lastAt, pods: late.pods }, 3));
  if (!isWindowOpen(w)) return out;
  const enforcing = verification.endpoints.filter((e) => e.status === 'not-in-audit-mode').map((e) => e.pod);
  if (enforcing.length) out.push(checklistWarning('audit-window.not-in-audit-mode', { pods: enforcing }, 3));
  const unreachable = w.endpoints.filter((e) => e.state === 'unreachable').map((e) => e.pod);
  if (unreachable.length) out.push(checklistWarning('audit-window.unreachable', { namespace, pods: unreachable }, 3));
  return out;
}
