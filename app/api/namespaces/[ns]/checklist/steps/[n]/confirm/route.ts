import { handle, json } from '@/server/http';
import { parseNamespace } from '@/server/errors';
import { parseConfirmBody, parseStepNumber } from '@/server/checklist/confirm-request';

export const dynamic = 'force-dynamic';

/**
 * POST /api/namespaces/{ns}/checklist/steps/{n}/confirm `{confirmed: boolean, note?}`: confirms a step by hand
 * (or withdraws the confirmation) where the cluster cannot tell; role reviewer. Steps 1, 3, 7 and 8 are confirmed
 * for the whole cluster. Returns the updated checklist; 409 when the step is measured.
 */
export const POST = handle('checklist', async (c, request: Request, ctx: { params: Promise<{ ns: string; n: string }> }) => {
  const principal = await c.auth.require(request, 'reviewer');
  const params = await ctx.params;
  const ns = parseNamespace(params.ns);
  const step = parseStepNumber(params.n);
  const body = await parseConfirmBody(request);
  const updated = await c.checklist.confirm(ns, step, body, principal.user);
  // Step 7 marked "enforce": open audit windows close now (server/k8s/audit-window).
  if (step === 7 && body.confirmed && c.auditWindows) {
    await c.auditWindows.reconcileAll();
    return json(await c.checklist.namespaceChecklist(ns));
  }
  return json(updated);
});
