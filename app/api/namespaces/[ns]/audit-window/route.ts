import { handle, json } from '@/server/http';
import { parseNamespace } from '@/server/errors';
import { parseOpenBody, requireAuditWindows } from '@/server/k8s/audit-window/window-request';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ ns: string }> };

/** GET /api/namespaces/{ns}/audit-window: `{mode, manualReason?, defaultDurationMs, current?: {window, verification}}`; 404 when off. */
export const GET = handle('audit-window', async (c, _request: Request, ctx: Ctx) => {
  const ns = parseNamespace((await ctx.params).ns);
  return json(await requireAuditWindows(c).facts(ns));
});

/**
 * POST /api/namespaces/{ns}/audit-window `{hours?}`: opens a window (admin): PolicyAuditMode on every endpoint of
 * the namespace, or a printed script where Lockstep may not exec. 409 when one is open.
 */
export const POST = handle('audit-window', async (c, request: Request, ctx: Ctx) => {
  const principal = await c.auth.require(request, 'admin');
  const ns = parseNamespace((await ctx.params).ns);
  const service = requireAuditWindows(c);
  await service.open(ns, principal.user, await parseOpenBody(request));
  return json(await service.facts(ns), { status: 201 });
}, { role: 'admin' });
