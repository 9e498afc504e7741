import { handle, json } from '@/server/http';
import { parseNamespace } from '@/server/errors';
import { parseFlowQuery } from '@/server/live/flow-query';

export const dynamic = 'force-dynamic';

/** GET /api/namespaces/{ns}/flows?verdict=&limit=&q=: recent flows of a namespace, newest first. */
export const GET = handle('flows', async (c, request: Request, ctx: { params: Promise<{ ns: string }> }) => {
  const ns = parseNamespace((await ctx.params).ns);
  const query = parseFlowQuery(new URL(request.url).searchParams);
  const { flows } = c.hub.recentFlows(ns, { verdict: query.verdict });
  const matching = flows.map((f) => f.flow).filter(query.matches).reverse().slice(0, query.limit);
  return json({ namespace: ns, flows: matching });
});
