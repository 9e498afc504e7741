export const dynamic = 'force-dynamic';

/** GET /api/healthz: the process is alive (liveness). Deliberately independent of the relay. */
export function GET(): Response {
  return Response.json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
}
