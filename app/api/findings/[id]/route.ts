import { handle, json } from '@/server/http';
import { AppError } from '@/server/errors';
import { parseFindingId } from '@/server/analysis/review-request';

export const dynamic = 'force-dynamic';

/** GET /api/findings/{id}: one finding with its evidence and its review thread. */
export const GET = handle('findings', async (c, request: Request, ctx: { params: Promise<{ id: string }> }) => {
  c.auth.identify(request);
  const id = parseFindingId((await ctx.params).id);
  const finding = await c.store.findings.get(id);
  if (!finding) throw new AppError('not_found:findings', `no finding ${id}`);
  return json({ finding, thread: await c.store.reviews.thread(id) });
});
