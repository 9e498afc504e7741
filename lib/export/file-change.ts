/** One file an export writes: its text before (undefined for a new file) and after, and what changed, in words. */
export interface FileChange {
  /** Repository-relative path (`apps/blog/cilium-policies.yaml`). */
  path: string;
  oldText: string | undefined;
  newText: string;
  /** What the change does, for the pull request body (`rules merged into blog-policy; new policy blog-lockstep`). */
  summary: string[];
}

/** Text files of a repository as an export sees them: path → text (only the files it may edit). */
export type RepoFiles = ReadonlyMap<string, string>;

/** Appends YAML documents (each opened by `---`) to a file's text, keeping the text byte for byte. */
export function appendDocuments(text: string | undefined, documents: string): string {
  if (!text || text.trim() === '') return documents;
  return `${text.endsWith('\n') ? text : `${text}\n`}${documents}`;
}

/** Merges changes of the same path (later summaries appended); keeps the first `oldText`, the last `newText`. */
export function mergeChanges(changes: readonly FileChange[]): FileChange[] {
  const byPath = new Map<string, FileChange>();
  for (const change of changes) {
    const known = byPath.get(change.path);
    byPath.set(change.path, known ? { ...known, newText: change.newText, summary: [...known.summary, ...change.summary] } : { ...change, summary: [...change.summary] });
  }
  return [...byPath.values()].filter((c) => c.oldText !== c.newText).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
