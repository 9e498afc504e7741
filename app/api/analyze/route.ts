import { handle, json } from '@/server/http';
import { analyzeCaptureRequest } from '@/server/analysis/analyze-request';

export const dynamic = 'force-dynamic';

/**
 * POST /api/analyze: body = jsonpb flow lines (a `hubble observe -o jsonpb` capture), or JSON
 * `{"flows": "<jsonpb lines>", "policies": [{"name", "text"}], "namespace"?: "ns", "evidence"?: bool}`.
 * Returns findings, the patch, before/after replay and lints; bad lines are listed by number.
 */
export const POST = handle('capture', async (_c, request: Request) => {
  return json(await analyzeCaptureRequest(request));
}, { readOnly: true });
