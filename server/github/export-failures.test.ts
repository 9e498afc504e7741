import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors';
import { FakeGithub, type FakeGithubOptions, type FakeRequest } from './testing/fake-github';
import { githubFailure } from './testing/fake-github-handlers';
import { configFor, exporterFor, reviewedFindings } from './testing/export-fixtures';
import { BLOG_POLICY_YAML } from '@/lib/policy/testdata/blog-policy';

const TOKEN = 'test-token';
let fake: FakeGithub | undefined;
let logged: string[] = [];
async function startFake(options: FakeGithubOptions = {}): Promise<FakeGithub> {
  fake = await FakeGithub.start({ files: { 'apps/blog/cilium-policies.yaml': BLOG_POLICY_YAML }, ...options });
  return fake;
}
beforeEach(() => {
  logged = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, level).mockImplementation((...args) => void logged.push(args.map(String).join(' ')));
});
afterEach(async () => {
  expect(fake?.violations ?? []).toEqual([]);
  // The token appears in no log line (errors carry none either: see failWith).
  expect(logged.filter((l) => l.includes(TOKEN))).toEqual([]);
  vi.restoreAllMocks();
  await fake?.close();
  fake = undefined;
});

const blogAccepted = () => ({ findings: reviewedFindings((f) => f.subject.namespace === 'blog') });

/** The AppError an export fails with; its message and details never carry the token. */
async function failWith(run: Promise<unknown>): Promise<AppError> {
  const error = await run.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect(JSON.stringify([(error as AppError).message, (error as AppError).details])).not.toContain(TOKEN);
  return error as AppError;
}

/** Answers the n-th (1-based) request of an operation with `response`. */
function nth(operationId: string, n: number, response: () => ReturnType<typeof githubFailure>) {
  let seen = 0;
  return (r: FakeRequest) => (r.operationId === operationId && ++seen === n ? response() : undefined);
}

describe('export failures are explained and leave nothing half done', () => {
  it('401: a bad token', async () => {
    const gh = await startFake({ token: 'another-token' });
    const { exporter } = exporterFor(gh, blogAccepted());
    const error = await failWith(exporter.exportNamespace('blog', 'alice'));
    expect(error).toMatchObject({ code: 'unavailable:github', details: { reason: 'bad-credentials', step: 'read-repository' } });
    expect(error.message).toContain("GitHub rejected Lockstep's token (401 Bad credentials)");
    expect(gh.branches()).toEqual(['main']);
  });

  it('403: the token may read but not write contents; 404: the repository is not visible', async () => {
    const gh = await startFake({ canPush: false });
    const { exporter } = exporterFor(gh, blogAccepted());
    const error = await failWith(exporter.exportNamespace('blog', 'alice'));
    expect(error).toMatchObject({ code: 'forbidden:github', details: { reason: 'permission', step: 'write-commit', cleanup: 'nothing-written' } });
    expect(error.message).toMatch(/The token may not write the commit in acme\/gitops \(GitHub answered 403: Resource not accessible by integration\)\. The token needs Contents: read and write/);
    expect(error.message).toContain('Nothing was changed in acme/gitops.');
    expect(gh.branches()).toEqual(['main']);
    const other = exporterFor(gh, blogAccepted(), { config: configFor(gh, { repository: { owner: 'acme', name: 'secret' } }) }).exporter;
    const notFound = await failWith(other.exportNamespace('blog', 'alice'));
    expect(notFound.message).toContain('Repository acme/secret was not found, or the token cannot see it (404)');
  });

  it('a user token without push permission is refused before anything is written', async () => {
    const gh = await startFake({ reportPermissions: true, canPush: false });
    const error = await failWith(exporterFor(gh, blogAccepted()).exporter.exportNamespace('blog', 'alice'));
    expect(error.message).toContain('The token can read acme/gitops but not push to it.');
    expect(gh.requests.map((r) => r.operationId)).toEqual(['repos/get']);
  });

  it.each([422, 403] as const)('branch protection (%i on the ref) is named, and no branch is left', async (status) => {
    const gh = await startFake({ protect: { pattern: /^heads\/lockstep\//, status } });
    const error = await failWith(exporterFor(gh, blogAccepted()).exporter.exportNamespace('blog', 'alice'));
    expect(error).toMatchObject({ code: 'forbidden:github', details: { reason: 'branch-protection', step: 'create-branch' } });
    expect(error.message).toContain('A branch protection rule or ruleset of acme/gitops does not let Lockstep create the branch');
    expect(gh.branches()).toEqual(['main']);
    expect(gh.pulls).toEqual([]);
  });

  it('a file changed on the base since it was read: re-read, plan again, and the change lands on top', async () => {
    const gh = await startFake();
    let pushed = 0;
    gh.afterHandle = (r) => {
      if (r.operationId === 'git/create-commit' && pushed++ === 0) {
        gh.push('main', { 'apps/blog/cilium-policies.yaml': BLOG_POLICY_YAML.replace('Owned by the web team.', 'Owned by the blog team.') }, 'concurrent edit');
      }
    };
    const result = await exporterFor(gh, blogAccepted()).exporter.exportNamespace('blog', 'alice');
    const landed = gh.readFile(result.branch, 'apps/blog/cilium-policies.yaml')!;
    expect(landed).toContain('Owned by the blog team.');
    expect(landed).toContain('# lockstep: 3 flows');
    expect(gh.git.commits.get(gh.refs.get(`heads/${result.branch}`)!)!.parents).toEqual([gh.refs.get('heads/main')]);
  });

  it('a file that keeps changing on the base is reported as a conflict, and nothing is left', async () => {
    const gh = await startFake();
    let n = 0;
    gh.afterHandle = (r) => {
      if (r.operationId === 'git/create-commit') gh.push('main', { 'apps/blog/cilium-policies.yaml': `${BLOG_POLICY_YAML}# edit ${++n}\n` }, `edit ${n}`);
    };
    const error = await failWith(exporterFor(gh, blogAccepted()).exporter.exportNamespace('blog', 'alice'));
    expect(error).toMatchObject({ code: 'conflict:github', details: { reason: 'base-changed', paths: ['apps/blog/cilium-policies.yaml'] } });
    expect(error.message).toContain('apps/blog/cilium-policies.yaml changed on main while Lockstep was writing');
    expect(gh.branches()).toEqual(['main']);
  });

  it('rate limits: waits per x-ratelimit-reset and retry-after, then succeeds; a long wait is refused', async () => {
    const gh = await startFake();
    const reset = Math.floor(Date.UTC(2026, 10, 2, 9, 0, 0) / 1000) + 2;
    const primary = nth('git/get-tree', 1, () => ({ ...githubFailure(403, 'API rate limit exceeded for installation'), headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) } }));
    const secondary = nth('pulls/create', 1, () => ({ ...githubFailure(429, 'You have exceeded a secondary rate limit'), headers: { 'retry-after': '5' } }));
    gh.intercept = (r) => primary(r) ?? secondary(r);
    const { exporter, sleeps } = exporterFor(gh, blogAccepted());
    await expect(exporter.exportNamespace('blog', 'alice')).resolves.toMatchObject({ number: 1 });
    expect(sleeps).toEqual([3000, 5000]);
    gh.intercept = (r) => (r.operationId === 'git/get-ref' ? { ...githubFailure(429, 'secondary rate limit'), headers: { 'retry-after': '3600' } } : undefined);
    const error = await failWith(exporterFor(gh, blogAccepted()).exporter.exportNamespace('blog', 'alice'));
    expect(error).toMatchObject({ code: 'unavailable:github', details: { reason: 'rate-limit' } });
    expect(error.message).toContain("GitHub's rate limit stopped Lockstep while it tried to read the base branch; it resets at 10:00 UTC.");
  });

  it('a failure after the branch was created deletes the branch, or says exactly what is left', async () => {
    const gh = await startFake({ canWritePulls: false });
    const error = await failWith(exporterFor(gh, blogAccepted()).exporter.exportNamespace('blog', 'alice'));
    expect(error).toMatchObject({ code: 'forbidden:github', details: { step: 'open-pull-request', cleanup: 'done' } });
    expect(error.message).toContain('The branch lockstep/blog-policies Lockstep had created was deleted: nothing is left in acme/gitops.');
    expect(gh.branches()).toEqual(['main']);
    gh.intercept = (r) => (r.operationId === 'git/delete-ref' ? githubFailure(502, 'Server Error') : undefined);
    const left = await failWith(exporterFor(gh, blogAccepted()).exporter.exportNamespace('blog', 'alice'));
    expect(left.details).toMatchObject({ cleanup: 'failed', leftBranch: 'lockstep/blog-policies' });
    expect(left.message).toContain('Lockstep could not clean up: the branch lockstep/blog-policies is left in acme/gitops; delete it by hand.');
  });

  it('a failed re-export puts the branch of the open pull request back where it was', async () => {
    const gh = await startFake();
    const state = blogAccepted();
    const { exporter } = exporterFor(gh, state);
    await exporter.exportNamespace('blog', 'alice');
    const before = gh.refs.get('heads/lockstep/blog-policies');
    gh.push('main', { 'README.md': 'changed\n' }, 'moved on');
    gh.intercept = (r) => (r.operationId === 'pulls/update' ? githubFailure(500, 'Server Error') : undefined);
    const error = await failWith(exporter.exportNamespace('blog', 'alice'));
    expect(error).toMatchObject({ code: 'unavailable:github', details: { cleanup: 'done' } });
    expect(error.message).toContain('The branch lockstep/blog-policies was put back as it was.');
    expect(gh.refs.get('heads/lockstep/blog-policies')).toBe(before);
  });

  it('reads GITHUB_TOKEN_FILE at each export (a rotated token is picked up); an unreadable file is said', async () => {
    const gh = await startFake();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-token-'));
    const tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, 'stale-token\n');
    const config = configFor(gh, { token: undefined, tokenFile });
    const { exporter } = exporterFor(gh, blogAccepted(), { config });
    expect((await failWith(exporter.exportNamespace('blog', 'alice'))).details).toMatchObject({ reason: 'bad-credentials' });
    fs.writeFileSync(tokenFile, `${TOKEN}\n`);
    await expect(exporter.exportNamespace('blog', 'alice')).resolves.toMatchObject({ number: 1 });
    fs.rmSync(dir, { recursive: true });
    const missing = await failWith(exporter.exportNamespace('blog', 'alice'));
    expect(missing).toMatchObject({ code: 'unavailable:github', message: `GITHUB_TOKEN_FILE ${tokenFile} cannot be read (ENOENT).` });
  });

  it('nothing accepted, or nothing left to change, is said plainly', async () => {
    const gh = await startFake();
    const none = await failWith(exporterFor(gh, { findings: reviewedFindings(() => false) }).exporter.exportNamespace('blog', 'alice'));
    expect(none).toMatchObject({ code: 'conflict:export', details: { reason: 'nothing-accepted', accepted: 0 } });
    expect(none.message).toMatch(/^Nothing to export in blog yet: none of its \d+ findings is accepted \(\d+ proposed in the suggested patch\)\. The export carries accepted findings only/);
    const { exporter } = exporterFor(gh, blogAccepted());
    const { branch } = await exporter.exportNamespace('blog', 'alice');
    gh.push('main', { 'apps/blog/cilium-policies.yaml': gh.readFile(branch, 'apps/blog/cilium-policies.yaml')! }, 'merged');
    const done = await failWith(exporter.exportNamespace('blog', 'alice'));
    expect(done).toMatchObject({ code: 'conflict:github', message: 'Nothing to change: main of acme/gitops already has the accepted patch of blog.' });
  });
});
