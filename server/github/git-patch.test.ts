import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectValidCnpYaml } from '@/lib/testing/cnp-schema';
import type { AppError } from '../errors';
import { GithubExporter, gitBlobId } from './exporter';
import { FakeGithub } from './testing/fake-github';
import { configFor, exporterFor, fixtureSource, reviewedFindings } from './testing/export-fixtures';
import { BLOG_POLICY_YAML } from '@/lib/policy/testdata/blog-policy';

const dirs: string[] = [];
let fake: FakeGithub | undefined;
afterEach(async () => {
  expect(fake?.violations ?? []).toEqual([]);
  await fake?.close();
  fake = undefined;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: os.tmpdir() };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A repository made with the git CLI holding `files` in one commit. */
function repoWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-patch-'));
  dirs.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

/** Applies a patch: `git apply --check` first, then `git am` (which makes the commit). */
function applyPatch(dir: string, patch: string): void {
  const file = path.join(dir, '..', `${path.basename(dir)}.patch`);
  fs.writeFileSync(file, patch);
  dirs.push(file);
  git(dir, 'apply', '--check', file);
  git(dir, 'am', '-q', file);
}

describe('the offline git patch', () => {
  it('applies with git apply and git am on the repository base, landing the same tree as the pull request', async () => {
    const files = {
      'README.md': '# gitops\n',
      'clusters/home/blog/network.yaml': BLOG_POLICY_YAML.trimEnd(), // no newline at the end: the patch must say so
      'clusters/home/blog/kustomization.yaml': 'resources: [network.yaml]\n',
    };
    const gh = (fake = await FakeGithub.start({ files }));
    const state = { findings: reviewedFindings((f) => ['blog', 'webapp'].includes(f.subject.namespace)) };
    const { exporter } = exporterFor(gh, state);
    for (const ns of ['blog', 'webapp']) {
      const offline = await exporter.namespaceOffline(ns);
      expect(offline.base).toBe('repository');
      const dir = repoWith(files);
      applyPatch(dir, offline.patch);
      const pr = await exporter.exportNamespace(ns, 'alice');
      expect(offline.files).toEqual(pr.files);
      // Same files, same bytes: the tree git computed equals the tree of the pull request's commit.
      const prTree = gh.git.commits.get(gh.refs.get(`heads/${pr.branch}`)!)!.tree;
      expect(git(dir, 'rev-parse', 'HEAD^{tree}').trim()).toBe(prTree);
      const accepted = state.findings.filter((f) => f.subject.namespace === ns).length;
      expect(git(dir, 'log', '-1', '--format=%s%n%an').trim()).toBe(`lockstep(${ns}): allow ${accepted} accepted findings\nLockstep`);
      expectValidCnpYaml(offline.yaml);
    }
    expect(gh.readFile('lockstep/blog-policies', 'clusters/home/blog/network.yaml')).toContain('# lockstep:');
  });

  it('without GitHub, applies on the uploaded files and the path template (new file included)', async () => {
    const uploaded = [{ name: 'apps/blog/cilium-policies.yaml', text: BLOG_POLICY_YAML }];
    const state = { findings: reviewedFindings((f) => f.subject.namespace === 'blog') };
    const exporter = new GithubExporter({ config: configFor(undefined, { policyPathTemplate: 'deploy/{namespace}/cnp.yaml' }), source: fixtureSource(state, uploaded), now: () => Date.UTC(2026, 10, 2) });
    expect(exporter.configView().github).toEqual({ configured: false, reason: expect.stringContaining('set GITHUB_REPOSITORY and GITHUB_TOKEN') });
    const result = await exporter.namespaceOffline('blog');
    expect(result).toMatchObject({ base: 'local', files: ['apps/blog/cilium-policies.yaml'] });
    const dir = repoWith({ 'apps/blog/cilium-policies.yaml': BLOG_POLICY_YAML });
    applyPatch(dir, result.patch);
    expect(fs.readFileSync(path.join(dir, 'apps/blog/cilium-policies.yaml'), 'utf8')).toContain("# The blog's policy, from the GitOps repo.");
    const fresh = await new GithubExporter({ config: configFor(undefined), source: fixtureSource({ findings: reviewedFindings((f) => f.subject.namespace === 'webapp') }), now: () => 0 }).namespaceOffline('webapp');
    expect(fresh.patch).toContain('new file mode 100644\nindex 0000000000000000000000000000000000000000..');
    const empty = repoWith({ 'README.md': 'x\n' });
    applyPatch(empty, fresh.patch);
    expectValidCnpYaml(fs.readFileSync(path.join(empty, 'apps/webapp/cilium-policies.yaml'), 'utf8'));
  });

  it('with nothing accepted, the offline export says so (a 409 about the export, not a GitHub error), with or without GitHub', async () => {
    const none = { findings: reviewedFindings(() => false) };
    for (const config of [configFor(undefined), configFor(undefined, { repository: { owner: 'acme', name: 'gitops' }, token: 'never-used', apiUrl: 'http://127.0.0.1:9' })]) {
      const exporter = new GithubExporter({ config, source: fixtureSource(none), now: () => 0 });
      const error = await exporter.namespaceOffline('blog').then(() => undefined, (e: unknown) => e as AppError);
      expect(error).toMatchObject({ code: 'conflict:export', status: 409, details: { reason: 'nothing-accepted', accepted: 0 } });
      expect(error!.message).toMatch(/^Nothing to export in blog yet: none of its \d+ findings is accepted/);
    }
  });

  it('exports the step-8 policy offline too; index lines carry git blob ids', async () => {
    const exporter = new GithubExporter({ config: configFor(undefined), source: fixtureSource({ findings: reviewedFindings(() => false) }), now: () => 0 });
    const { patch, yaml } = await exporter.defaultDenyOffline();
    const dir = repoWith({ 'README.md': 'x\n' });
    applyPatch(dir, patch);
    const landed = fs.readFileSync(path.join(dir, 'cluster/cilium-default-deny.yaml'), 'utf8');
    expect(git(dir, 'hash-object', 'cluster/cilium-default-deny.yaml').trim()).toBe(gitBlobId(landed));
    expect(patch).toContain(`..${gitBlobId(landed)}`);
    expect(yaml).toBe(`# lockstep: cluster/cilium-default-deny.yaml (new file)\n${landed}`);
  });
});
