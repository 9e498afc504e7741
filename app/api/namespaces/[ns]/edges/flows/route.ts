import { handle, json } from '@/server/http';
import { AppError, parseNamespace } from '@/server/errors';

export const dynamic = 'force-dynamic';

/** Edge ids are `<source>-><target>:<port>/<protocol>`; node ids are bounded by Kubernetes names. */
const MAX_EDGE_ID = 1024;

/** GET /api/namespaces/{ns}/edges/flows?id=<edge id>: an edge's recent flows (newest first), for the map's side panel. */
export const GET = handle('namespace', async (c, request: Request, ctx: { params: Promise<{ ns: string }> }) => {
  const ns = parseNamespace((await ctx.params).ns);
  const id = new URL(request.url).searchParams.get('id') ?? '';
  if (id === '' || id.length > MAX_EDGE_ID || !id.includes('->')) throw new AppError('bad_request:namespace', 'id must be an edge id of the map (source->target:port/protocol).');
  const flows = c.graph.edgeFlows(ns, id);
  if (!flows) throw new AppError('not_found:namespace', `namespace ${ns} has no such edge.`);
  return json({ namespace: ns, ...flows });
});
