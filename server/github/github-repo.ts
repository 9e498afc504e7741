import 'server-only';
import type { Octokit } from '@octokit/rest';
import { githubError, type GithubStep } from './github-errors';

/** One entry of a recursive git tree (GitHub wire shape, trimmed). */
export interface GithubTreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size?: number;
}

/** An open pull request (GitHub wire shape, trimmed). */
export interface GithubPullRequest {
  number: number;
  url: string;
}

/** A file to write: whole text, and its git mode (`100644`, or the mode the file already has). */
export interface GithubFileWrite {
  path: string;
  content: string;
  mode: '100644' | '100755';
}

/**
 * The few GitHub REST calls an export makes, on one repository, each failure turned into an explained AppError
 * (see github-errors.ts). Commits go through the git data API: one tree with inline contents on top of the base
 * tree, one commit, one ref; so a branch is either fully written or not at all.
 */
export class GithubRepo {
  readonly fullName: string;

  constructor(
    private readonly octokit: Octokit,
    readonly owner: string,
    readonly repo: string,
    private readonly context: { apiUrl: string; token: string },
  ) {
    this.fullName = `${owner}/${repo}`;
  }

  private async call<T>(step: GithubStep, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw githubError(error, { step, repository: this.fullName, ...this.context });
    }
  }

  private get at() {
    return { owner: this.owner, repo: this.repo };
  }

  /** The repository, and whether the token may push (undefined when GitHub does not say, as for app tokens). */
  async repository(): Promise<{ canPush: boolean | undefined }> {
    const { data } = await this.call('read-repository', () => this.octokit.rest.repos.get(this.at));
    return { canPush: data.permissions?.push };
  }

  /** The commit a branch points at, or undefined when the branch does not exist. */
  async branchSha(branch: string, step: GithubStep = 'read-base'): Promise<string | undefined> {
    try {
      const { data } = await this.octokit.rest.git.getRef({ ...this.at, ref: `heads/${branch}` });
      return data.object.sha;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw githubError(error, { step, repository: this.fullName, ...this.context });
    }
  }

  /** The tree of a commit. */
  async commitTree(commitSha: string): Promise<string> {
    const { data } = await this.call('read-base', () => this.octokit.rest.git.getCommit({ ...this.at, commit_sha: commitSha }));
    return data.tree.sha;
  }

  /** Every entry of a tree, recursively; `truncated` when GitHub cut the listing (over 100,000 entries or 7 MB). */
  async tree(treeSha: string): Promise<{ entries: GithubTreeEntry[]; truncated: boolean }> {
    const { data } = await this.call('read-files', () => this.octokit.rest.git.getTree({ ...this.at, tree_sha: treeSha, recursive: '1' }));
    const entries = data.tree.flatMap((e) => (e.path && e.sha && e.mode && e.type ? [{ path: e.path, mode: e.mode, type: e.type as GithubTreeEntry['type'], sha: e.sha, size: e.size }] : []));
    return { entries, truncated: data.truncated };
  }

  /** A blob's text (UTF-8). */
  async blobText(sha: string): Promise<string> {
    const { data } = await this.call('read-files', () => this.octokit.rest.git.getBlob({ ...this.at, file_sha: sha }));
    return data.encoding === 'base64' ? Buffer.from(data.content, 'base64').toString('utf8') : data.content;
  }

  /** A commit with `files` written on top of `baseTree`, whose parent is `parentSha`. Creates no ref. */
  async commitFiles(parentSha: string, baseTree: string, files: readonly GithubFileWrite[], message: string): Promise<string> {
    return this.call('write-commit', async () => {
      const tree = files.map((f) => ({ path: f.path, mode: f.mode, type: 'blob' as const, content: f.content }));
      const { data: created } = await this.octokit.rest.git.createTree({ ...this.at, base_tree: baseTree, tree });
      const { data: commit } = await this.octokit.rest.git.createCommit({ ...this.at, message, tree: created.sha, parents: [parentSha] });
      return commit.sha;
    });
  }

  async createBranch(branch: string, sha: string): Promise<void> {
    await this.call('create-branch', () => this.octokit.rest.git.createRef({ ...this.at, ref: `refs/heads/${branch}`, sha }));
  }

  /** Points an existing branch at `sha` (forced: Lockstep's branches are rebuilt on the base at each export). */
  async updateBranch(branch: string, sha: string): Promise<void> {
    await this.call('update-branch', () => this.octokit.rest.git.updateRef({ ...this.at, ref: `heads/${branch}`, sha, force: true }));
  }

  async deleteBranch(branch: string): Promise<void> {
    await this.call('delete-branch', () => this.octokit.rest.git.deleteRef({ ...this.at, ref: `heads/${branch}` }));
  }

  /** The open pull request from `branch` into `base`, if any. */
  async findOpenPull(branch: string, base: string): Promise<GithubPullRequest | undefined> {
    const { data } = await this.call('find-pull-request', () => this.octokit.rest.pulls.list({ ...this.at, head: `${this.owner}:${branch}`, base, state: 'open', per_page: 10 }));
    const pull = data.find((p) => p.head.ref === branch);
    return pull ? { number: pull.number, url: pull.html_url } : undefined;
  }

  async createPull(branch: string, base: string, title: string, body: string): Promise<GithubPullRequest> {
    const { data } = await this.call('open-pull-request', () => this.octokit.rest.pulls.create({ ...this.at, head: branch, base, title, body }));
    return { number: data.number, url: data.html_url };
  }

  async updatePull(number: number, title: string, body: string): Promise<GithubPullRequest> {
    const { data } = await this.call('update-pull-request', () => this.octokit.rest.pulls.update({ ...this.at, pull_number: number, title, body }));
    return { number: data.number, url: data.html_url };
  }
}
