import { handle, json } from '@/server/http';

export const dynamic = 'force-dynamic';

/**
 * GET /api/trends: AUDIT verdicts and POLICY_DENIED drops per hour per namespace over the last 48 hours, with the
 * quiet period (step 6's threshold), the last AUDIT and the last new finding of each namespace.
 */
export const GET = handle('checklist', async (c) => {
  const now = Date.now();
  const [stats, findings] = await Promise.all([c.store.findings.stats(), c.findings.allFindings()]);
  const lastNewFinding = new Map<string, number>();
  for (const f of findings) lastNewFinding.set(f.subject.namespace, Math.max(lastNewFinding.get(f.subject.namespace) ?? 0, f.firstSeen));
  const lastAudit = new Map(stats.map((s) => [s.namespace, s.lastAuditAt]));
  const namespaces = c.trends.snapshot(now, 48).map((t) => ({ ...t, lastAuditAt: lastAudit.get(t.namespace) ?? null, lastNewFindingAt: lastNewFinding.get(t.namespace) ?? null }));
  return json({ now, quietPeriodMs: c.config.checklist.quietPeriodMs, namespaces });
});
