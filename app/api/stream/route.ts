import { handle } from '@/server/http';
import { createLiveStream } from '@/server/live/sse-stream';
import { sseResponse } from '@/server/live/sse-response';

export const dynamic = 'force-dynamic';

/** GET /api/stream: SSE of the relay status and namespace counters (no flows), for overview pages. */
export const GET = handle('stream', (c, request: Request) =>
  sseResponse(createLiveStream({ hub: c.hub, metrics: c.metrics, status: () => c.relay.snapshot(), signal: request.signal })),
);
