import { handle } from '@/server/http';
import { parseNamespace } from '@/server/errors';
import { offlineResponse } from '@/server/github/export-responses';

export const dynamic = 'force-dynamic';

/**
 * GET /api/namespaces/{ns}/export.patch: the accepted patch as a git patch (mbox, `git am` / `git apply`),
 * planned on the configured repository's base branch, or on the uploaded policy files without one.
 */
export const GET = handle('github', async (c, request: Request, ctx: { params: Promise<{ ns: string }> }) => {
  await c.auth.require(request, 'viewer');
  const ns = parseNamespace((await ctx.params).ns);
  return offlineResponse(await c.exporter.namespaceOffline(ns), 'patch', `lockstep-${ns}`);
});
