import { handle, json } from '@/server/http';
import { parseNamespace } from '@/server/errors';
import { parseConfirmRanBody, requireAuditWindows } from '@/server/k8s/audit-window/window-request';

export const dynamic = 'force-dynamic';

/** POST /api/namespaces/{ns}/audit-window/confirm `{ran: "open" | "close"}`: the printed script (or its revert) was run (admin). */
export const POST = handle('audit-window', async (c, request: Request, ctx: { params: Promise<{ ns: string }> }) => {
  const principal = await c.auth.require(request, 'admin');
  const ns = parseNamespace((await ctx.params).ns);
  const service = requireAuditWindows(c);
  await service.confirmManual(ns, principal.user, await parseConfirmRanBody(request));
  return json(await service.facts(ns));
}, { role: 'admin' });
