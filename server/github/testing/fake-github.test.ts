import { afterEach, describe, expect, it } from 'vitest';
import { FakeGithub } from './fake-github';
import { OpenApiValidator } from './openapi-validator';

let fake: FakeGithub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function call(gh: FakeGithub, method: string, path: string, body?: unknown) {
  const res = await fetch(`${gh.apiUrl}${path}`, { method, headers: { authorization: 'token test-token', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
}

describe('the fake GitHub checks every request against the OpenAPI description', () => {
  const validator = OpenApiValidator.load();

  it('matches method and path template, most specific first, with decoded parameters', () => {
    const got = validator.check({ method: 'GET', path: '/repos/acme/gitops/git/ref/heads%2Flockstep%2Fblog', query: new URLSearchParams(), body: undefined });
    expect(got).toEqual({ ok: true, operation: { operationId: 'git/get-ref', template: '/repos/{owner}/{repo}/git/ref/{ref}', params: { owner: 'acme', repo: 'gitops', ref: 'heads/lockstep/blog' } } });
    const contents = validator.check({ method: 'GET', path: '/repos/acme/gitops/contents/apps/blog/p.yaml', query: new URLSearchParams(), body: undefined });
    expect(contents.ok && contents.operation.params.path).toBe('apps/blog/p.yaml');
  });

  it('refuses unknown endpoints, missing or mistyped parameters, and bodies outside the schema', () => {
    const check = (method: string, path: string, body?: unknown, query = '') => validator.check({ method, path, query: new URLSearchParams(query), body });
    expect(check('GET', '/repos/acme/gitops/git/branches')).toMatchObject({ ok: false, status: 404 });
    expect(check('PUT', '/repos/acme/gitops/git/refs')).toMatchObject({ ok: false, status: 404 });
    expect(check('POST', '/repos/acme/gitops/git/refs', { ref: 'refs/heads/x' })).toMatchObject({ ok: false, status: 422, problems: [expect.stringContaining("must have required property 'sha'")] });
    expect(check('POST', '/repos/acme/gitops/git/trees', { tree: [{ path: 'a', mode: '100600', type: 'blob', content: 'x' }] })).toMatchObject({ ok: false, problems: [expect.stringContaining('must be equal to one of the allowed values')] });
    expect(check('PATCH', '/repos/acme/gitops/git/refs/heads%2Fx', { sha: 'abc', force: 'yes' })).toMatchObject({ ok: false, problems: [expect.stringContaining('body/force must be boolean')] });
    expect(check('GET', '/repos/acme/gitops/pulls', undefined, 'state=merged')).toMatchObject({ ok: false, problems: [expect.stringContaining('"state" must be one of open, closed, all')] });
    expect(check('GET', '/repos/acme/gitops/pulls', undefined, 'per_page=ten')).toMatchObject({ ok: false, problems: [expect.stringContaining('"per_page" must be an integer')] });
    expect(check('POST', '/repos/acme/gitops/pulls')).toMatchObject({ ok: false, problems: [expect.stringContaining('missing required request body')] });
  });

  it('records violations and answers them like GitHub would; valid requests change state', async () => {
    const gh = (fake = await FakeGithub.start());
    expect(await call(gh, 'GET', '/repos/acme/gitops/branches/main/protection/nonsense')).toMatchObject({ status: 404 });
    expect(await call(gh, 'POST', '/repos/acme/gitops/git/refs', { ref: 'refs/heads/x' })).toMatchObject({ status: 422 });
    expect(gh.violations).toHaveLength(2);
    const main = gh.refs.get('heads/main')!;
    expect(await call(gh, 'POST', '/repos/acme/gitops/git/refs', { ref: 'refs/heads/x', sha: main })).toMatchObject({ status: 201, body: { ref: 'refs/heads/x', object: { sha: main } } });
    expect(await call(gh, 'POST', '/repos/acme/gitops/git/refs', { ref: 'refs/heads/x', sha: main })).toMatchObject({ status: 422, body: { message: 'Reference already exists' } });
    expect(gh.branches()).toEqual(['main', 'x']);
    expect(await call(gh, 'DELETE', '/repos/acme/gitops/git/refs/heads%2Fx')).toMatchObject({ status: 204 });
    expect(gh.violations).toHaveLength(2);
  });

  it('keeps git objects with the ids git gives them', async () => {
    const gh = (fake = await FakeGithub.start({ files: { 'a/b.yaml': 'x: 1\n' } }));
    const blob = gh.git.putBlob('x: 1\n');
    expect(blob).toBe('d508cf756344aaf9123c531122a9d2d410c4ecfa'); // git hash-object of "x: 1\n"
    const tree = await call(gh, 'GET', `/repos/acme/gitops/git/trees/${gh.git.commits.get(gh.refs.get('heads/main')!)!.tree}?recursive=1`);
    expect(tree.body.tree.map((e: { path: string }) => e.path)).toEqual(['a', 'a/b.yaml']);
    expect(await call(gh, 'GET', '/repos/acme/gitops/contents/a/b.yaml?ref=main')).toMatchObject({ body: { content: Buffer.from('x: 1\n').toString('base64') } });
  });
});
