import 'server-only';
import { parseStreamCursor } from '@/lib/live/stream-cursor';
import { AppError } from '../errors';

/** The HTTP response for an SSE body: no caching, no proxy buffering (Traefik, nginx). */
export function sseResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
}

/** The `Last-Event-ID` header (or `lastEventId` query parameter), checked (lib/live/stream-cursor.ts). */
export function lastEventIdOf(request: Request): string | undefined {
  const raw = request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('lastEventId');
  if (raw === null || raw === '') return undefined;
  if (!parseStreamCursor(raw)) throw new AppError('bad_request:stream', `Last-Event-ID is not an id this server sent: "${raw.slice(0, 40)}"`);
  return raw;
}
