import { handle, json } from '@/server/http';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces: every namespace with its verdict counters since start. */
export const GET = handle('namespace', (c) => json(c.hub.namespaceSummaries()));
