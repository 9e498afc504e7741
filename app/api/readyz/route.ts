import { getContainer } from '@/server/container';

export const dynamic = 'force-dynamic';

/** GET /api/readyz: 200 when the relay flow stream is up, 503 otherwise (readiness). */
export async function GET(): Promise<Response> {
  try {
    const c = await getContainer();
    const status = c.relay.snapshot();
    const ready = c.relay.ready;
    return Response.json({ ready, relay: status.state, lastError: status.lastError?.message }, { status: ready ? 200 : 503, headers: { 'cache-control': 'no-store' } });
  } catch {
    return Response.json({ ready: false, relay: 'not started' }, { status: 503 });
  }
}
