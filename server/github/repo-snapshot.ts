import 'server-only';
import { indexPolicyFile, type PolicyLocation } from '@/lib/export/policy-index';
import type { ExistingPolicySource } from '@/lib/policy/suggested-policy';
import { AppError } from '../errors';
import type { GithubRepo } from './github-repo';

/** The base branch as an export reads it: its commit, its policy files and where each policy lives. */
export interface RepoSnapshot {
  /** Base commit and tree; undefined for a snapshot of local files (offline patch without a repository). */
  commitSha: string | undefined;
  treeSha: string | undefined;
  /** Blob id and mode of every file of the base tree (empty for local files). */
  blobs: ReadonlyMap<string, { sha: string; mode: string }>;
  /** Text of every file holding a Cilium policy, and of the requested extra paths that exist. */
  files: Map<string, string>;
  index: PolicyLocation[];
  /** What the scan could not cover (for the pull request body). */
  notes: string[];
}

type CachedBlob = { locations: Omit<PolicyLocation, 'path'>[]; text: string | undefined };

/**
 * Parsed blobs by id. Blob ids are content hashes, so an entry never goes stale: a second export only fetches the
 * files that changed. Bounded (oldest entries leave first); texts are kept only for files holding policies.
 */
export class BlobCache {
  private readonly entries = new Map<string, CachedBlob>();
  constructor(private readonly maxEntries = 5_000) {}

  get(sha: string): CachedBlob | undefined {
    const hit = this.entries.get(sha);
    if (hit) {
      this.entries.delete(sha);
      this.entries.set(sha, hit);
    }
    return hit;
  }

  set(sha: string, value: CachedBlob): void {
    this.entries.set(sha, value);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** Options of {@link readRepoSnapshot}. */
export interface ReadSnapshotOptions {
  branch: string;
  /** Paths whose text is needed even without a policy in them (the fallback paths). */
  extraPaths?: readonly string[];
  cache: BlobCache;
  /** Most YAML files read in one scan. Default: 2000. */
  maxFiles?: number;
  /** Larger files are skipped. Default: 1 MiB. */
  maxFileBytes?: number;
  /** Blob requests in flight. Default: 8. */
  concurrency?: number;
}

async function inPool<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * Reads the base branch: its commit, the recursive tree, and every YAML file (bounded) to find the Cilium
 * policies by kind, namespace and name, so that existing files are edited where they are.
 */
export async function readRepoSnapshot(repo: GithubRepo, options: ReadSnapshotOptions): Promise<RepoSnapshot> {
  const commitSha = await repo.branchSha(options.branch);
  if (!commitSha) throw new AppError('not_found:github', `The base branch "${options.branch}" does not exist in ${repo.fullName}. Check GITHUB_BASE_BRANCH.`, { step: 'read-base', repository: repo.fullName });
  const treeSha = await repo.commitTree(commitSha);
  const { entries, truncated } = await repo.tree(treeSha);
  const blobs = new Map(entries.filter((e) => e.type === 'blob').map((e) => [e.path, { sha: e.sha, mode: e.mode }]));
  const maxBytes = options.maxFileBytes ?? 1024 * 1024;
  const extra = new Set(options.extraPaths ?? []);
  const yaml = entries.filter((e) => e.type === 'blob' && /\.ya?ml$/i.test(e.path) && (e.size ?? 0) <= maxBytes);
  const maxFiles = options.maxFiles ?? 2000;
  const scanned = [...yaml.filter((e) => extra.has(e.path)), ...yaml.filter((e) => !extra.has(e.path))].slice(0, maxFiles);
  const notes: string[] = [];
  if (truncated) notes.push(`GitHub truncated the file listing of ${repo.fullName}: policies in the files it left out were not found.`);
  if (yaml.length > scanned.length) notes.push(`Lockstep scanned ${scanned.length} of ${yaml.length} YAML files; policies in the others were not found.`);
  const files = new Map<string, string>();
  const index: PolicyLocation[] = [];
  await inPool(scanned, options.concurrency ?? 8, async (entry) => {
    let blob = options.cache.get(entry.sha);
    if (!blob) {
      const text = await repo.blobText(entry.sha);
      const locations = indexPolicyFile('', text).map(({ path: _path, ...rest }) => rest);
      blob = { locations, text: locations.length > 0 ? text : undefined };
      options.cache.set(entry.sha, blob);
      if (extra.has(entry.path)) files.set(entry.path, text);
    } else if (extra.has(entry.path) && blob.text === undefined) {
      files.set(entry.path, await repo.blobText(entry.sha));
    }
    if (blob.text !== undefined) files.set(entry.path, blob.text);
    index.push(...blob.locations.map((l) => ({ ...l, path: entry.path })));
  });
  index.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.docIndex - b.docIndex));
  return { commitSha, treeSha, blobs, files, index, notes };
}

/** A snapshot of local files (uploaded policy files) standing in for a repository: the offline patch's base. */
export function localSnapshot(sources: readonly ExistingPolicySource[]): RepoSnapshot {
  const files = new Map(sources.map((s) => [s.name, s.text]));
  const index = sources.flatMap((s) => indexPolicyFile(s.name, s.text));
  return { commitSha: undefined, treeSha: undefined, blobs: new Map(), files, index, notes: [] };
}
