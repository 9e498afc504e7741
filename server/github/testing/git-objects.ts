import { createHash } from 'node:crypto';

/**
 * A content-addressed git object store for the fake GitHub: blobs, trees and commits with the ids real git would
 * give them (SHA-1 of `type size\0content`), so a patch's `index` lines and the fake's blob ids agree. Test helper.
 */

export type TreeEntry = { name: string; mode: string; type: 'blob' | 'tree' | 'commit'; sha: string };
export type Commit = { sha: string; tree: string; parents: string[]; message: string; author: { name: string; email: string; date: string } };
/** A path update applied to a tree: new blob id, or null to delete. */
export type PathUpdate = { path: string; mode: string; sha: string | null };

function hashObject(type: string, body: Buffer): string {
  return createHash('sha1').update(`${type} ${body.length}\0`).update(body).digest('hex');
}

/** Git sorts tree entries by name, comparing a tree's name as if it ended with `/`. */
function sortKey(e: TreeEntry): string {
  return e.type === 'tree' ? `${e.name}/` : e.name;
}

export class GitObjects {
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, TreeEntry[]>();
  readonly commits = new Map<string, Commit>();

  putBlob(content: Buffer | string): string {
    const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const sha = hashObject('blob', body);
    this.blobs.set(sha, body);
    return sha;
  }

  putTree(entries: TreeEntry[]): string {
    const sorted = [...entries].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    const body = Buffer.concat(sorted.map((e) => Buffer.concat([Buffer.from(`${e.mode === '040000' ? '40000' : e.mode} ${e.name}\0`), Buffer.from(e.sha, 'hex')])));
    const sha = hashObject('tree', body);
    this.trees.set(sha, sorted);
    return sha;
  }

  putCommit(tree: string, parents: string[], message: string, date = new Date(0).toISOString()): string {
    const author = { name: 'Lockstep Test', email: 'test@example.com', date };
    const seconds = Math.floor(Date.parse(date) / 1000);
    const who = `${author.name} <${author.email}> ${seconds} +0000`;
    const text = [`tree ${tree}`, ...parents.map((p) => `parent ${p}`), `author ${who}`, `committer ${who}`, '', message].join('\n');
    const sha = hashObject('commit', Buffer.from(text, 'utf8'));
    this.commits.set(sha, { sha, tree, parents, message, author });
    return sha;
  }

  /** A new tree: `base` (or an empty tree) with `updates` applied at their paths. */
  applyToTree(base: string | undefined, updates: readonly PathUpdate[]): string {
    const entries = new Map((base ? this.trees.get(base) ?? [] : []).map((e) => [e.name, e]));
    const nested = new Map<string, PathUpdate[]>();
    for (const u of updates) {
      const [head, ...rest] = u.path.split('/');
      if (rest.length === 0) {
        if (u.sha === null) entries.delete(head);
        else entries.set(head, { name: head, mode: u.mode, type: u.mode === '160000' ? 'commit' : u.mode === '040000' ? 'tree' : 'blob', sha: u.sha });
      } else nested.set(head, [...(nested.get(head) ?? []), { ...u, path: rest.join('/') }]);
    }
    for (const [dir, inner] of nested) {
      const current = entries.get(dir);
      const sub = this.applyToTree(current?.type === 'tree' ? current.sha : undefined, inner);
      if ((this.trees.get(sub) ?? []).length === 0) entries.delete(dir);
      else entries.set(dir, { name: dir, mode: '040000', type: 'tree', sha: sub });
    }
    return this.putTree([...entries.values()]);
  }

  /** Every entry below a tree, with full paths (trees included), as `git ls-tree -r -t`. */
  walk(tree: string, prefix = ''): (TreeEntry & { path: string })[] {
    const out: (TreeEntry & { path: string })[] = [];
    for (const e of this.trees.get(tree) ?? []) {
      const path = `${prefix}${e.name}`;
      out.push({ ...e, path });
      if (e.type === 'tree') out.push(...this.walk(e.sha, `${path}/`));
    }
    return out;
  }

  /** The text of `path` in a commit's tree, or undefined. */
  readFile(commitSha: string, path: string): string | undefined {
    const commit = this.commits.get(commitSha);
    const entry = commit && this.walk(commit.tree).find((e) => e.path === path && e.type === 'blob');
    return entry ? this.blobs.get(entry.sha)?.toString('utf8') : undefined;
  }
}
