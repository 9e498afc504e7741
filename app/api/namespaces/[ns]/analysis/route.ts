import { handle, json } from '@/server/http';
import { parseNamespace } from '@/server/errors';
import { parseAnalysisQuery } from '@/server/analysis/analysis-query';

export const dynamic = 'force-dynamic';

/**
 * GET /api/namespaces/{ns}/analysis?exclude=&evidence=&fqdnPatterns=: findings, the suggested patch (new policies
 * and diffs of merged files), before/after "would be dropped if enforced now", lints.
 */
export const GET = handle('namespace', async (c, request: Request, ctx: { params: Promise<{ ns: string }> }) => {
  const ns = parseNamespace((await ctx.params).ns);
  const q = parseAnalysisQuery(new URL(request.url).searchParams);
  const analysis = await c.findings.analyze(ns, { excluded: q.excluded, evidenceComments: q.evidenceComments, fqdnPatterns: q.fqdnPatterns });
  return json(analysis);
});
