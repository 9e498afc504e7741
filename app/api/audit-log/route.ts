import { handle, json } from '@/server/http';
import { AppError } from '@/server/errors';

export const dynamic = 'force-dynamic';

/** GET /api/audit-log?namespace=&findingId=&beforeId=&limit=: who changed what and when, newest first. */
export const GET = handle('findings', async (c, request: Request) => {
  c.auth.identify(request);
  const p = new URL(request.url).searchParams;
  const limit = Number(p.get('limit') ?? 100);
  const beforeId = p.get('beforeId') ? Number(p.get('beforeId')) : undefined;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new AppError('bad_request:findings', 'limit must be 1..500');
  if (beforeId !== undefined && !Number.isInteger(beforeId)) throw new AppError('bad_request:findings', 'beforeId must be an integer');
  const namespace = p.get('namespace') ?? undefined;
  const findingId = p.get('findingId') ?? undefined;
  return json({ entries: await c.store.reviews.auditLog({ namespace, findingId, beforeId, limit }) });
});
