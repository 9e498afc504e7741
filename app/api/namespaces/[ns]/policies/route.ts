import { handle, json } from '@/server/http';
import { AppError, parseNamespace } from '@/server/errors';
import { readBodyText } from '@/server/body/read-body';
import { parsePolicyFileName } from '@/server/analysis/policy-file-name';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ ns: string }> };

/** GET /api/namespaces/{ns}/policies: the existing policy files Lockstep merges suggestions into. */
export const GET = handle('namespace', async (c, _request: Request, ctx: Ctx) => {
  const ns = parseNamespace((await ctx.params).ns);
  return json({ namespace: ns, files: await c.findings.policyFiles(ns) });
});

/** PUT /api/namespaces/{ns}/policies?name=path/in/repo.yaml: uploads (or replaces) one policy file; body = YAML. */
export const PUT = handle('namespace', async (c, request: Request, ctx: Ctx) => {
  const principal = await c.auth.require(request, 'reviewer');
  const ns = parseNamespace((await ctx.params).ns);
  const name = parsePolicyFileName(new URL(request.url).searchParams.get('name') ?? '');
  const text = await readBodyText(request, { surface: 'namespace', maxBytes: 1024 * 1024 });
  await c.findings.putPolicyFile(ns, { name, text }, principal.user);
  return json({ namespace: ns, files: (await c.findings.policyFiles(ns)).map((f) => f.name) });
});

/** DELETE /api/namespaces/{ns}/policies?name=: forgets one policy file. */
export const DELETE = handle('namespace', async (c, request: Request, ctx: Ctx) => {
  const principal = await c.auth.require(request, 'reviewer');
  const ns = parseNamespace((await ctx.params).ns);
  const name = new URL(request.url).searchParams.get('name') ?? '';
  if (!(await c.findings.removePolicyFile(ns, name, principal.user))) throw new AppError('not_found:namespace', `no policy file "${name.slice(0, 200)}"`);
  return json({ namespace: ns, files: (await c.findings.policyFiles(ns)).map((f) => f.name) });
});
