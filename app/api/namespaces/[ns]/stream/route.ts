import { handle } from '@/server/http';
import { parseNamespace } from '@/server/errors';
import { createLiveStream } from '@/server/live/sse-stream';
import { sseResponse, lastEventIdOf } from '@/server/live/sse-response';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{ns}/stream: SSE of the namespace's flows, the relay status and namespace counters. */
export const GET = handle('stream', async (c, request: Request, ctx: { params: Promise<{ ns: string }> }) => {
  const namespace = parseNamespace((await ctx.params).ns);
  const stream = createLiveStream({
    hub: c.hub,
    metrics: c.metrics,
    status: () => c.relay.snapshot(),
    namespace,
    lastEventId: lastEventIdOf(request),
    queueCapacity: c.config.live.sseQueue,
    signal: request.signal,
  });
  return sseResponse(stream);
});
