import 'server-only';
import type { Container } from './container';

/**
 * Readiness (`GET /api/readyz`, the probe Traefik and the kubelet follow): ready once the server's services are
 * built, which includes the store being open and migrated. The relay is NOT part of it: with the relay down the
 * pod must stay in the load balancer so that users see the "relay down" hint; the relay state is reported here
 * for information and lives in `/api/status` and the UI.
 */
export async function readiness(container: () => Promise<Pick<Container, 'relay'>>): Promise<Response> {
  const headers = { 'cache-control': 'no-store' };
  try {
    const c = await container();
    const relay = c.relay.snapshot();
    return Response.json({ ready: true, relay: relay.state, relayReady: c.relay.ready }, { status: 200, headers });
  } catch {
    // The message may carry database details; the server log has them.
    return Response.json({ ready: false, error: 'the server could not start (see its log)' }, { status: 503, headers });
  }
}
