import { handle, json } from '@/server/http';
import { parseFindingId, parseReviewBody } from '@/server/analysis/review-request';

export const dynamic = 'force-dynamic';

/**
 * POST /api/findings/{id}/review `{decision: "accepted"|"rejected"|"needs-info"|"new", comment?, expectedStatus?}`:
 * records a review decision (role reviewer; who and when go to the audit log). 409 when the finding already has
 * that status or `expectedStatus` is out of date.
 */
export const POST = handle('findings', async (c, request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const principal = await c.auth.require(request, 'reviewer');
  const findingId = parseFindingId((await ctx.params).id);
  const body = await parseReviewBody(request);
  const result = await c.store.reviews.review({ findingId, decision: body.decision, actor: principal.user, comment: body.comment, expectedStatus: body.expectedStatus });
  return json(result);
});
