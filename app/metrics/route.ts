import { getContainer } from '@/server/container';

export const dynamic = 'force-dynamic';

/** GET /metrics: Prometheus text exposition. */
export async function GET(): Promise<Response> {
  const c = await getContainer();
  c.metrics.set('lockstep_sse_clients', c.hub.listenerCount);
  return new Response(c.metrics.render(), { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' } });
}
