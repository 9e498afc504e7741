import { handle } from '@/server/http';
import { parseNamespace } from '@/server/errors';
import { parseAnalysisQuery } from '@/server/analysis/analysis-query';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{ns}/patch: the suggested patch as multi-document YAML. */
export const GET = handle('namespace', async (c, request: Request, ctx: { params: Promise<{ ns: string }> }) => {
  const ns = parseNamespace((await ctx.params).ns);
  const q = parseAnalysisQuery(new URL(request.url).searchParams);
  const analysis = await c.findings.analyze(ns, { excluded: q.excluded, evidenceComments: q.evidenceComments, fqdnPatterns: q.fqdnPatterns });
  return new Response(analysis.patchYaml, {
    headers: { 'content-type': 'application/yaml; charset=utf-8', 'content-disposition': `inline; filename="${ns}-lockstep-patch.yaml"`, 'cache-control': 'no-store' },
  });
});
