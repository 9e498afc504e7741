import 'server-only';
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

/** The `Last-Event-ID` header (or `lastEventId` query parameter) as a sequence number. */
export function lastEventIdOf(request: Request): number | undefined {
  const raw = request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('lastEventId');
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new AppError('bad_request:stream', `Last-Event-ID must be a non-negative integer, got "${raw.slice(0, 40)}"`);
  return n;
}
