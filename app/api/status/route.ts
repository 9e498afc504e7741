import { handle, json } from '@/server/http';

export const dynamic = 'force-dynamic';

/** GET /api/status: the relay state as shown in the UI. */
export const GET = handle('relay', (c) => json(c.relay.snapshot()));
