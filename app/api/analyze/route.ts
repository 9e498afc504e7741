import { handle, json } from '@/server/http';
import { analyzeCaptureRequest } from '@/server/analysis/analyze-request';

export const dynamic = 'force-dynamic';

/**
 * POST /api/analyze: body = jsonpb flow lines (a `hubble observe -o jsonpb` capture), or JSON
 * `{"flows": "<jsonpb lines>", "policies": [{"name", "text"}], "namespace"?: "ns", "evidence"?: bool}`.
 * Returns findings, the patch, before/after replay and lints, under the server's cluster facts (as the live
 * analysis); bad lines are listed by number.
 */
export const POST = handle('capture', async (c, request: Request) => {
  return json(await analyzeCaptureRequest(request, c.findings));
}, { readOnly: true });
