import { handle, json } from '@/server/http';
import { verifyDefaultDeny } from '@/server/checklist/verify-default-deny';

export const dynamic = 'force-dynamic';

/**
 * GET /api/checklist/default-deny: the step-8 CCNP verified by replay: the allowed flows it would drop, per
 * namespace, each connection explained by a reviewed finding or not; `safe` when it may be offered.
 */
export const GET = handle('checklist', async (c) =>
  json(await verifyDefaultDeny(c)),
);
