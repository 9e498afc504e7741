import { assertDefaultDenySafe } from '@/server/checklist/verify-default-deny';
import { handle } from '@/server/http';
import { offlineResponse } from '@/server/github/export-responses';

export const dynamic = 'force-dynamic';

/** GET /api/export/default-deny.patch: the step-8 cluster-wide default-deny as a git patch. */
export const GET = handle('github', async (c, request: Request) => {
  await c.auth.require(request, 'viewer');
  await assertDefaultDenySafe(c);
  return offlineResponse(await c.exporter.defaultDenyOffline(), 'patch', 'lockstep-default-deny');
});
