import { assertDefaultDenySafe } from '@/server/checklist/verify-default-deny';
import { handle, json } from '@/server/http';

export const dynamic = 'force-dynamic';

/** POST /api/export/default-deny/github: opens (or updates) the pull request of the step-8 cluster-wide default-deny. */
export const POST = handle('github', async (c, request: Request) => {
  const principal = await c.auth.require(request, c.config.github.exportRole);
  await assertDefaultDenySafe(c);
  const result = await c.exporter.exportDefaultDeny(principal.user);
  return json({ url: result.url, number: result.number, branch: result.branch, updated: result.updated, files: result.files });
}, { role: (config) => config.github.exportRole });
