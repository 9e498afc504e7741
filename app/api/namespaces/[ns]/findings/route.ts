import { handle, json } from '@/server/http';
import { parseNamespace } from '@/server/errors';

export const dynamic = 'force-dynamic';

/**
 * GET /api/namespaces/{ns}/findings: the namespace's findings (AUDIT verdicts grouped into missing rules) with
 * evidence and triage (held first), and the accounting: AUDIT verdicts against the flows in findings.
 * `?held=1`: only the findings held for review (what the map marks; a busy namespace's full list is megabytes).
 */
export const GET = handle('namespace', async (c, request: Request, ctx: { params: Promise<{ ns: string }> }) => {
  const ns = parseNamespace((await ctx.params).ns);
  const [findings, accounting] = await Promise.all([c.findings.list(ns), c.findings.accounting(ns)]);
  const heldOnly = new URL(request.url).searchParams.get('held') === '1';
  return json({ namespace: ns, accounting, findings: heldOnly ? findings.filter((f) => f.held) : findings });
});
