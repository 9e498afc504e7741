import { handle, json } from '@/server/http';
import { parseNamespace } from '@/server/errors';
import { requireAuditWindows } from '@/server/k8s/audit-window/window-request';

export const dynamic = 'force-dynamic';

/** POST /api/namespaces/{ns}/audit-window/close: closes the open window (admin): PolicyAuditMode disabled again. */
export const POST = handle('audit-window', async (c, request: Request, ctx: { params: Promise<{ ns: string }> }) => {
  const principal = await c.auth.require(request, 'admin');
  const ns = parseNamespace((await ctx.params).ns);
  const service = requireAuditWindows(c);
  await service.close(ns, principal.user);
  return json(await service.facts(ns));
}, { role: 'admin' });
