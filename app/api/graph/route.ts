import { handle, json } from '@/server/http';
import { parseGraphWindow } from '@/server/live/graph-window';

export const dynamic = 'force-dynamic';

/** GET /api/graph?window=: the all-namespaces overview (namespaces as nodes, their verdict mix as edges). */
export const GET = handle('namespace', (c, request: Request) => {
  const window = parseGraphWindow(new URL(request.url).searchParams.get('window'));
  return json({ window, ...c.graph.overview(window) });
});
