import type { FakeGithubState, FakeResponse } from './fake-github-state';

/**
 * The endpoints the fake GitHub implements, on its state (refs, git objects, pull requests). Shapes follow
 * GitHub's responses as far as clients read them. Test helper.
 */

type Args = { params: Record<string, string>; query: URLSearchParams; body: Record<string, unknown> };
type Handler = (fake: FakeGithubState, args: Args) => FakeResponse;

const ok = (body: unknown, status = 200): FakeResponse => ({ status, body });
/** An error as GitHub writes it. */
export const githubFailure = (status: number, message: string, errors?: unknown[]): FakeResponse => ({
  status,
  body: { message, documentation_url: 'https://docs.github.com/rest', status: String(status), ...(errors ? { errors } : {}) },
});
const notFound = () => githubFailure(404, 'Not Found');

function refOut(fake: FakeGithubState, ref: string) {
  return { ref: `refs/${ref}`, node_id: 'REF', url: `${fake.apiUrl}/repos/${fake.fullName}/git/refs/${ref}`, object: { sha: fake.refs.get(ref)!, type: 'commit', url: '' } };
}

function commitOut(fake: FakeGithubState, sha: string) {
  const c = fake.git.commits.get(sha)!;
  const person = { ...c.author };
  return {
    sha, node_id: 'C', url: '', html_url: '', message: c.message, author: person, committer: person,
    tree: { sha: c.tree, url: '' }, parents: c.parents.map((p) => ({ sha: p, url: '', html_url: '' })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

function pullOut(fake: FakeGithubState, n: number) {
  const p = fake.pulls.find((x) => x.number === n)!;
  return {
    number: p.number, state: p.state, title: p.title, body: p.body, html_url: `${fake.webUrl}/${fake.fullName}/pull/${p.number}`,
    url: `${fake.apiUrl}/repos/${fake.fullName}/pulls/${p.number}`, id: p.number, node_id: 'PR', draft: false, merged: false,
    head: { ref: p.head, sha: fake.refs.get(`heads/${p.head}`) ?? '', label: `${fake.owner}:${p.head}` }, base: { ref: p.base, label: `${fake.owner}:${p.base}` },
  };
}

const refOf = (params: Record<string, string>) => params.ref.replace(/^refs\//, '');

export const HANDLERS: Record<string, Handler> = {
  'repos/get': (fake) => ok({ id: 1, name: fake.repo, full_name: fake.fullName, default_branch: 'main', private: true, ...(fake.options.reportPermissions ? { permissions: { admin: false, push: fake.options.canPush ?? true, pull: true } } : {}) }),
  'git/get-ref': (fake, { params }) => (fake.refs.has(refOf(params)) ? ok(refOut(fake, refOf(params))) : notFound()),
  'git/create-ref': (fake, { body }) => {
    const ref = String(body.ref);
    if (!/^refs\/[^/]+\/.+/.test(ref)) return githubFailure(422, 'Reference name must start with refs/ and have at least two slashes.');
    const name = ref.slice('refs/'.length);
    if (fake.refs.has(name)) return githubFailure(422, 'Reference already exists');
    if (!fake.git.commits.has(String(body.sha))) return githubFailure(422, 'Object does not exist');
    fake.refs.set(name, String(body.sha));
    return ok(refOut(fake, name), 201);
  },
  'git/update-ref': (fake, { params, body }) => {
    const name = refOf(params);
    const current = fake.refs.get(name);
    if (!current) return githubFailure(422, 'Reference does not exist');
    const sha = String(body.sha);
    if (!fake.git.commits.has(sha)) return githubFailure(422, 'Object does not exist');
    if (!body.force && !fake.isAncestor(current, sha)) return githubFailure(422, 'Update is not a fast forward');
    fake.refs.set(name, sha);
    return ok(refOut(fake, name));
  },
  'git/delete-ref': (fake, { params }) => (fake.refs.delete(refOf(params)) ? { status: 204, body: undefined } : githubFailure(422, 'Reference does not exist')),
  'git/get-commit': (fake, { params }) => (fake.git.commits.has(params.commit_sha) ? ok(commitOut(fake, params.commit_sha)) : notFound()),
  'git/create-commit': (fake, { body }) => {
    const parents = (body.parents as string[] | undefined) ?? [];
    if (!fake.git.trees.has(String(body.tree)) || parents.some((p) => !fake.git.commits.has(p))) return githubFailure(422, 'Tree SHA does not exist');
    const sha = fake.git.putCommit(String(body.tree), parents, String(body.message), new Date(fake.now()).toISOString());
    return ok(commitOut(fake, sha), 201);
  },
  'git/get-tree': (fake, { params, query }) => {
    if (!fake.git.trees.has(params.tree_sha)) return notFound();
    const entries = query.get('recursive') ? fake.git.walk(params.tree_sha) : (fake.git.trees.get(params.tree_sha) ?? []).map((e) => ({ ...e, path: e.name }));
    const tree = entries.map((e) => ({ path: e.path, mode: e.mode, type: e.type, sha: e.sha, url: '', ...(e.type === 'blob' ? { size: fake.git.blobs.get(e.sha)?.length ?? 0 } : {}) }));
    return ok({ sha: params.tree_sha, url: '', tree, truncated: false });
  },
  'git/create-tree': (fake, { body }) => {
    const base = body.base_tree as string | undefined;
    if (base && !fake.git.trees.has(base)) return githubFailure(422, 'base_tree is not a valid tree oid');
    const updates = (body.tree as { path: string; mode: string; sha?: string | null; content?: string }[]).map((e) => {
      const sha = e.content !== undefined ? fake.git.putBlob(e.content) : e.sha ?? null;
      return { path: e.path, mode: e.mode, sha };
    });
    const sha = fake.git.applyToTree(base, updates);
    const tree = (fake.git.trees.get(sha) ?? []).map((e) => ({ path: e.name, mode: e.mode, type: e.type, sha: e.sha, url: '' }));
    return ok({ sha, url: '', tree, truncated: false }, 201);
  },
  'git/get-blob': (fake, { params }) => {
    const blob = fake.git.blobs.get(params.file_sha);
    return blob ? ok({ sha: params.file_sha, node_id: 'B', url: '', size: blob.length, content: blob.toString('base64'), encoding: 'base64' }) : notFound();
  },
  'git/create-blob': (fake, { body }) => {
    const content = body.encoding === 'base64' ? Buffer.from(String(body.content), 'base64') : Buffer.from(String(body.content), 'utf8');
    return ok({ sha: fake.git.putBlob(content), url: '' }, 201);
  },
  'repos/get-content': (fake, { params, query }) => {
    const text = fake.readFile(query.get('ref') ?? 'main', params.path);
    if (text === undefined) return notFound();
    return ok({ type: 'file', encoding: 'base64', path: params.path, name: params.path.split('/').pop(), content: Buffer.from(text).toString('base64'), size: Buffer.byteLength(text) });
  },
  'pulls/list': (fake, { query }) => {
    const state = query.get('state') ?? 'open';
    const head = query.get('head');
    const base = query.get('base');
    const list = fake.pulls.filter((p) => (state === 'all' || p.state === state) && (!head || `${fake.owner}:${p.head}` === head) && (!base || p.base === base));
    return ok(list.map((p) => pullOut(fake, p.number)));
  },
  'pulls/get': (fake, { params }) => (fake.pulls.some((p) => p.number === Number(params.pull_number)) ? ok(pullOut(fake, Number(params.pull_number))) : notFound()),
  'pulls/create': (fake, { body }) => {
    const head = String(body.head).replace(`${fake.owner}:`, '');
    const base = String(body.base);
    if (!fake.refs.has(`heads/${head}`) || !fake.refs.has(`heads/${base}`)) return githubFailure(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
    if (fake.pulls.some((p) => p.state === 'open' && p.head === head && p.base === base)) {
      return githubFailure(422, 'Validation Failed', [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${fake.owner}:${head}.` }]);
    }
    if (fake.refs.get(`heads/${head}`) === fake.refs.get(`heads/${base}`)) return githubFailure(422, 'Validation Failed', [{ resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` }]);
    const number = fake.pulls.length + 1;
    fake.pulls.push({ number, state: 'open', title: String(body.title), body: String(body.body ?? ''), head, base });
    return ok(pullOut(fake, number), 201);
  },
  'pulls/update': (fake, { params, body }) => {
    const pull = fake.pulls.find((p) => p.number === Number(params.pull_number));
    if (!pull) return notFound();
    if (body.title !== undefined) pull.title = String(body.title);
    if (body.body !== undefined) pull.body = String(body.body);
    if (body.state === 'open' || body.state === 'closed') pull.state = body.state;
    return ok(pullOut(fake, pull.number));
  },
};

/** Operations that write to the repository's contents (refused when the token lacks Contents: write). */
export const CONTENT_WRITES = new Set(['git/create-ref', 'git/update-ref', 'git/delete-ref', 'git/create-commit', 'git/create-tree', 'git/create-blob']);
/** Operations that write pull requests (refused when the token lacks Pull requests: write). */
export const PULL_WRITES = new Set(['pulls/create', 'pulls/update']);
