import { handle } from '@/server/http';
import { AppError } from '@/server/errors';
import { parseLiveTopics } from '@/lib/live/live-topics';
import { createLiveStream } from '@/server/live/sse-stream';
import { sseResponse, lastEventIdOf } from '@/server/live/sse-response';

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
  return sseResponse(createLiveStream({
    hub: c.hub,
    metrics: c.metrics,
    status: () => c.relay.snapshot(),
    namespaces: topics.flows,
    lastEventId: lastEventIdOf(request),
    queueCapacity: c.config.live.sseQueue,
    signal: request.signal,
    extras: topics.graphs.map((g) => c.graph.liveFeed(g.namespace, g.window)),
  }));
});
