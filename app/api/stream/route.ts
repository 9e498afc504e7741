import { handle } from '@/server/http';
import { AppError } from '@/server/errors';
import { parseLiveTopics } from '@/lib/live/live-topics';
import { createLiveStream } from '@/server/live/sse-stream';
import { sseResponse, lastEventIdOf } from '@/server/live/sse-response';
import { sseClientOf } from '@/server/live/sse-admission';

export const dynamic = 'force-dynamic';

/**
 * GET /api/stream[?flows=a,b][&graph=a:1h,b:15m]: the one SSE stream of a browser tab (shared by the tabs of a
 * browser): relay status and namespace counters always, flows of the `flows` namespaces, and the service maps of
 * the `graph` namespace:window pairs (`graph` events: a snapshot, then deltas, each naming its map).
 */
export const GET = handle('stream', (c, request: Request) => {
  const params = new URL(request.url).searchParams;
  const parsed = parseLiveTopics(params.get('flows'), params.get('graph'));
  if ('error' in parsed) throw new AppError('bad_request:stream', parsed.error);
  const { topics } = parsed;
  const lastEventId = lastEventIdOf(request);
  const release = c.sse.admit(sseClientOf(request, c.auth.identify(request)));
  return sseResponse(createLiveStream({
    hub: c.hub,
    metrics: c.metrics,
    status: () => c.relay.snapshot(),
    namespaces: topics.flows,
    lastEventId,
    queueCapacity: c.config.live.sseQueue,
    signal: request.signal,
    release,
    extras: topics.graphs.map((g) => c.graph.liveFeed(g.namespace, g.window)),
  }));
});
