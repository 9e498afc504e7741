import { handle, json } from '@/server/http';
import { parseCommentBody, parseFindingId } from '@/server/analysis/review-request';

export const dynamic = 'force-dynamic';

/** POST /api/findings/{id}/comments `{comment}`: adds to the finding's thread (role reviewer). */
export const POST = handle('findings', async (c, request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const principal = await c.auth.require(request, 'reviewer');
  const findingId = parseFindingId((await ctx.params).id);
  const { comment } = await parseCommentBody(request);
  return json(await c.store.reviews.comment({ findingId, actor: principal.user, comment }));
});
