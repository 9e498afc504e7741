import { handle, json } from '@/server/http';
import { parseNamespace } from '@/server/errors';

export const dynamic = 'force-dynamic';

/**
 * GET /api/namespaces/{ns}/checklist: the eight rollout steps of a namespace with state, evidence (and its
 * source), who confirmed what, the next action to copy, and warnings: `{namespace, steps, warnings, generatedAt}`.
 */
export const GET = handle('checklist', async (c, _request: Request, ctx: { params: Promise<{ ns: string }> }) => {
  const ns = parseNamespace((await ctx.params).ns);
  return json(await c.checklist.namespaceChecklist(ns));
});
