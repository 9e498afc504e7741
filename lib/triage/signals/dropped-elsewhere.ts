import type { Finding } from '../../findings/finding';
import type { TriageContext } from '../triage-context';
import type { TriageSignal } from '../triage';
import { initiatorKey } from '../workload-key';

/**
 * The workload that opened these connections is also being DROPPED by policy in another namespace that already
 * enforces: it is trying doors. Drops by the finding's own namespace are the finding itself, not evidence.
 */
export function droppedElsewhere(finding: Finding, ctx: TriageContext): TriageSignal | undefined {
  const opener = initiatorKey(finding);
  const byNamespace = opener ? ctx.droppedSources.get(opener) : undefined;
  const elsewhere = [...(byNamespace ?? [])].filter(([ns]) => ns !== finding.subject.namespace).sort(([a], [b]) => a.localeCompare(b));
  if (!opener || elsewhere.length === 0) return undefined;
  const dropped = elsewhere.reduce((n, [, c]) => n + c, 0);
  const namespaces = elsewhere.map(([ns]) => ns).join(', ');
  return {
    code: 'dropped-elsewhere',
    weight: 2,
    reason: `${opener} also had ${dropped} connection(s) DROPPED by policy in ${namespaces}, which already enforces: it is trying doors.`,
    evidence: { workload: opener, dropped, namespaces },
  };
}
