import { handle, json } from '@/server/http';
import { parseNamespace } from '@/server/errors';
import { parseGraphWindow } from '@/server/live/graph-window';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{ns}/graph?window=15m|1h|24h|all: the namespace's service map. */
export const GET = handle('namespace', async (c, request: Request, ctx: { params: Promise<{ ns: string }> }) => {
  const ns = parseNamespace((await ctx.params).ns);
  const window = parseGraphWindow(new URL(request.url).searchParams.get('window'));
  return json({ window, ...c.graph.namespaceGraph(ns, window) });
});
