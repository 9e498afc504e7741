import { handle } from '@/server/http';
import { parseNamespace } from '@/server/errors';
import { createLiveStream } from '@/server/live/sse-stream';
import { sseResponse, lastEventIdOf } from '@/server/live/sse-response';
import { parseGraphWindow } from '@/server/live/graph-window';
import { sseClientOf } from '@/server/live/sse-admission';

export const dynamic = 'force-dynamic';

/**
 * GET /api/namespaces/{ns}/stream[?graph=1h]: SSE of the namespace's flows, the relay status, namespace counters,
 * and optionally its service map (`graph` events: a snapshot, then deltas).
 */
export const GET = handle('stream', async (c, request: Request, ctx: { params: Promise<{ ns: string }> }) => {
  const namespace = parseNamespace((await ctx.params).ns);
  const params = new URL(request.url).searchParams;
  // `?graph=<window>` adds service-map updates for that window to the stream.
  const graphWindow = params.has('graph') ? parseGraphWindow(params.get('graph')) : undefined;
  const release = c.sse.admit(sseClientOf(request, c.auth.identify(request)));
  const stream = createLiveStream({
    hub: c.hub,
    metrics: c.metrics,
    status: () => c.relay.snapshot(),
    namespace,
    lastEventId: lastEventIdOf(request),
    queueCapacity: c.config.live.sseQueue,
    signal: request.signal,
    release,
    extras: graphWindow ? [c.graph.liveFeed(namespace, graphWindow)] : [],
  });
  return sseResponse(stream);
});
