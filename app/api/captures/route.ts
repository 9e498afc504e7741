import { handle, json } from '@/server/http';
import { importCapture } from '@/server/captures/import-capture';
import { RecentIds } from '@/lib/live/recent-ids';

export const dynamic = 'force-dynamic';

const seen = new RecentIds(1_000_000, { checks: 'every-add' });

/**
 * POST /api/captures: the request body is a `hubble observe -o jsonpb` capture or a Hubble exporter file
 * (gzip accepted). Its flows join the live store; the answer counts them and lists bad lines by number.
 */
export const POST = handle('capture', async (c, request: Request) => {
  const summary = await importCapture(request, { hub: c.hub, metrics: c.metrics, seen });
  return json(summary, { status: summary.flowCount === 0 && (summary.invalid > 0 || summary.fatal) ? 422 : 200 });
});
