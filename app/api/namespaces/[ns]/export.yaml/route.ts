import { handle } from '@/server/http';
import { parseNamespace } from '@/server/errors';
import { offlineResponse } from '@/server/github/export-responses';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{ns}/export.yaml: the changed policy files of the accepted patch as plain YAML. */
export const GET = handle('github', async (c, request: Request, ctx: { params: Promise<{ ns: string }> }) => {
  await c.auth.require(request, 'viewer');
  const ns = parseNamespace((await ctx.params).ns);
  return offlineResponse(await c.exporter.namespaceOffline(ns), 'yaml', `lockstep-${ns}`);
});
