import 'server-only';
import { AppError } from '../errors';
import type { GithubFileWrite, GithubRepo } from './github-repo';
import type { ExportTarget, PlannedExport } from './export-targets';
import { readRepoSnapshot, type BlobCache, type RepoSnapshot } from './repo-snapshot';

/**
 * Exports a target as a pull request, leaving nothing half done:
 * 1. read the base (commit, tree, policy files) and plan the change against it;
 * 2. write a tree and a commit on top of the base (unreferenced objects: harmless if anything fails);
 * 3. check that the files it read did not change on the base meanwhile; if they did, re-read and plan again once,
 *    then give up naming the files;
 * 4. point Lockstep's branch at the commit (created, or force-updated: the branch is Lockstep's own);
 * 5. update the open pull request of that branch, or open one. If this fails, the branch is deleted (or put back
 *    where it was), and the error says so, or says exactly what is left.
 */

/** A pull request written by an export. */
export interface ExportResult {
  url: string;
  number: number;
  branch: string;
  /** True when an open pull request was updated rather than opened. */
  updated: boolean;
  commitSha: string;
  /** The planned export (files, texts, findings). */
  plan: PlannedExport;
}

/** Options of {@link exportPullRequest}. */
export interface ExportPullRequestOptions {
  base: string;
  cache: BlobCache;
}

function withNote(error: unknown, note: string, details: Record<string, unknown> = {}): unknown {
  if (!(error instanceof AppError) || error.code.startsWith('internal:')) return error;
  return new AppError(error.code, `${error.message} ${note}`, { ...error.details, ...details });
}

function modeOf(snapshot: RepoSnapshot, path: string): GithubFileWrite['mode'] {
  return snapshot.blobs.get(path)?.mode === '100755' ? '100755' : '100644';
}

/** Paths among `paths` whose blob on the base differs from the snapshot's (the base moved under the export). */
async function changedSinceRead(repo: GithubRepo, snapshot: RepoSnapshot, paths: readonly string[], base: string): Promise<string[]> {
  const now = await repo.branchSha(base);
  if (now === snapshot.commitSha) return [];
  if (!now) throw new AppError('not_found:github', `The base branch "${base}" was deleted from ${repo.fullName} during the export.`);
  const { entries } = await repo.tree(await repo.commitTree(now));
  const after = new Map(entries.map((e) => [e.path, e.sha]));
  return paths.filter((p) => after.get(p) !== snapshot.blobs.get(p)?.sha);
}

async function writeCommit(repo: GithubRepo, target: ExportTarget, options: ExportPullRequestOptions): Promise<{ plan: PlannedExport; commitSha: string }> {
  let moved: string[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    const snapshot = await readRepoSnapshot(repo, { branch: options.base, extraPaths: target.extraPaths, cache: options.cache });
    const plan = await target.plan(snapshot);
    if (plan.changes.length === 0) {
      throw new AppError('conflict:github', `Nothing to change: ${options.base} of ${repo.fullName} already has ${target.label}.`, { reason: 'up-to-date' });
    }
    const files = plan.changes.map((c) => ({ path: c.path, content: c.newText, mode: modeOf(snapshot, c.path) }));
    const commitSha = await repo.commitFiles(snapshot.commitSha!, snapshot.treeSha!, files, plan.commitMessage);
    moved = await changedSinceRead(repo, snapshot, files.map((f) => f.path), options.base);
    if (moved.length === 0) return { plan, commitSha };
  }
  throw new AppError(
    'conflict:github',
    `${moved.join(', ')} changed on ${options.base} while Lockstep was writing, twice in a row. Export again when the base branch is quiet, or merge by hand.`,
    { reason: 'base-changed', paths: moved },
  );
}

async function rollBack(repo: GithubRepo, branch: string, previous: string | undefined, error: unknown): Promise<unknown> {
  try {
    if (previous) await repo.updateBranch(branch, previous);
    else await repo.deleteBranch(branch);
    return withNote(error, previous ? `The branch ${branch} was put back as it was.` : `The branch ${branch} Lockstep had created was deleted: nothing is left in ${repo.fullName}.`, { cleanup: 'done' });
  } catch {
    const todo = previous ? `reset it to ${previous.slice(0, 12)}` : 'delete it';
    return withNote(error, `Lockstep could not clean up: the branch ${branch} is left in ${repo.fullName}; ${todo} by hand.`, { cleanup: 'failed', leftBranch: branch });
  }
}

/** Exports `target` into `repo` as a pull request (see the module comment). */
export async function exportPullRequest(repo: GithubRepo, target: ExportTarget, options: ExportPullRequestOptions): Promise<ExportResult> {
  let written: { plan: PlannedExport; commitSha: string };
  let previous: string | undefined;
  try {
    const { canPush } = await repo.repository();
    if (canPush === false) {
      throw new AppError('forbidden:github', `The token can read ${repo.fullName} but not push to it. Give it Contents: read and write and Pull requests: read and write.`, { reason: 'permission' });
    }
    written = await writeCommit(repo, target, options);
    previous = await repo.branchSha(target.branch, 'create-branch');
    if (previous) await repo.updateBranch(target.branch, written.commitSha);
    else await repo.createBranch(target.branch, written.commitSha);
  } catch (error) {
    const reason = error instanceof AppError ? error.details?.reason : undefined;
    if (reason === 'nothing-accepted' || reason === 'up-to-date') throw error;
    throw withNote(error, `Nothing was changed in ${repo.fullName}.`, { cleanup: 'nothing-written' });
  }
  try {
    const { plan } = written;
    const open = await repo.findOpenPull(target.branch, options.base);
    const pr = open ? await repo.updatePull(open.number, plan.title, plan.body) : await repo.createPull(target.branch, options.base, plan.title, plan.body);
    return { ...pr, branch: target.branch, updated: open !== undefined, commitSha: written.commitSha, plan };
  } catch (error) {
    throw await rollBack(repo, target.branch, previous, error);
  }
}
