import { handle, json } from '@/server/http';
import { parseNamespace } from '@/server/errors';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ ns: string }> };

/**
 * GET /api/namespaces/{ns}/export/github: accepted findings (what the export carries), proposed ones (not rejected:
 * what the suggested patch carries), the newest pull request of the namespace, and
 * `exportedIn` ("exported in #N") per finding id.
 */
export const GET = handle('github', async (c, _request: Request, ctx: Ctx) => {
  const ns = parseNamespace((await ctx.params).ns);
  const state = await c.exporter.namespaceState(ns);
  const last = state.lastExport;
  const lastExport = last && { url: last.url, number: last.number, branch: last.branch, at: last.at, actor: last.actor };
  return json({ namespace: ns, accepted: state.accepted, proposed: state.proposed, findings: state.findings, lastExport, exportedIn: state.exportedIn });
});

/**
 * POST /api/namespaces/{ns}/export/github: opens (or updates) the pull request of the namespace's accepted patch
 * → `{url, number, branch, updated}`. Role: `LOCKSTEP_EXPORT_ROLE` (reviewer by default); same-origin only.
 */
export const POST = handle('github', async (c, request: Request, ctx: Ctx) => {
  const principal = await c.auth.require(request, c.config.github.exportRole);
  const ns = parseNamespace((await ctx.params).ns);
  const result = await c.exporter.exportNamespace(ns, principal.user);
  return json({ url: result.url, number: result.number, branch: result.branch, updated: result.updated, files: result.files });
}, { role: (config) => config.github.exportRole });
