import { handle, json } from '@/server/http';

export const dynamic = 'force-dynamic';

/** GET /api/export/config: whether pull request export is configured (repository and base branch; never the token). */
export const GET = handle('github', async (c) => json(c.exporter.configView()));
