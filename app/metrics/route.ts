import { handle } from '@/server/http';

export const dynamic = 'force-dynamic';

/**
 * GET /metrics: Prometheus text exposition. In proxy mode it needs an identity like every API call, unless
 * `LOCKSTEP_METRICS_PUBLIC=true` (an in-cluster scraper that calls the pod directly).
 */
export const GET = handle('api', (c) => new Response(c.metrics.render(), { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' } }), {
  anonymous: (config) => config.metricsPublic,
});
