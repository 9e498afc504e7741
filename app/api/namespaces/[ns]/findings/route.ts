import { handle, json } from '@/server/http';
import { parseNamespace } from '@/server/errors';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{ns}/findings: the namespace's findings (AUDIT verdicts grouped into missing rules) with evidence. */
export const GET = handle('namespace', async (c, _request: Request, ctx: { params: Promise<{ ns: string }> }) => {
  const ns = parseNamespace((await ctx.params).ns);
  return json({ namespace: ns, findings: await c.findings.list(ns) });
});
