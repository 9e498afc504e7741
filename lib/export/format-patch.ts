import { unifiedDiff } from '../policy/unified-diff';
import type { FileChange } from './file-change';

/** Options of {@link formatPatch}. */
export interface FormatPatchOptions {
  /** The commit message: first line is the subject. */
  message: string;
  /** Default: `Lockstep <lockstep@localhost>`. */
  author?: string;
  /** Commit date, ms since the epoch. */
  date: number;
  /** Git blob id of a text (`git hash-object`), for the `index` lines; without it they are left out. */
  blobId?: (text: string) => string;
}

const NO_EOL = '\u0000';
const ZERO_ID = '0'.repeat(40);
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 2822 date in UTC, as `git format-patch` writes it. */
function rfc2822(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** A last line without newline gets a marker, so it differs from the same line with one (git's `\ No newline`). */
function markEol(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}${NO_EOL}\n`;
}

/** The hunks of one file, `\ No newline at end of file` included where git writes it. */
function hunks(oldText: string, newText: string): string[] {
  const diff = unifiedDiff(markEol(oldText), markEol(newText));
  return diff
    .split('\n')
    .slice(2, -1)
    .flatMap((line) => (line.endsWith(NO_EOL) ? [line.slice(0, -1), '\\ No newline at end of file'] : [line]));
}

/** One file's `diff --git` section (new files included), as `git diff --full-index` prints it. */
export function gitFileDiff(change: FileChange, blobId?: (text: string) => string): string {
  const { path } = change;
  const isNew = change.oldText === undefined;
  const lines = [`diff --git a/${path} b/${path}`];
  if (isNew) lines.push('new file mode 100644');
  if (blobId) lines.push(`index ${isNew ? ZERO_ID : blobId(change.oldText!)}..${blobId(change.newText)}${isNew ? '' : ' 100644'}`);
  lines.push(isNew ? '--- /dev/null' : `--- a/${path}`, `+++ b/${path}`, ...hunks(change.oldText ?? '', change.newText));
  return `${lines.join('\n')}\n`;
}

function diffstat(changes: readonly FileChange[], diffs: readonly string[]): string[] {
  const counts = diffs.map((d) => {
    const body = d.split('\n').filter((l) => !/^(\+\+\+|---) /.test(l));
    return { add: body.filter((l) => l.startsWith('+')).length, del: body.filter((l) => l.startsWith('-')).length };
  });
  const width = Math.max(...changes.map((c) => c.path.length));
  const rows = changes.map((c, i) => ` ${c.path.padEnd(width)} | ${counts[i].add + counts[i].del} ${'+'.repeat(Math.min(counts[i].add, 60))}${'-'.repeat(Math.min(counts[i].del, 60))}`);
  const add = counts.reduce((n, c) => n + c.add, 0);
  const del = counts.reduce((n, c) => n + c.del, 0);
  const files = `${changes.length} file${changes.length === 1 ? '' : 's'} changed`;
  const parts = [files, `${add} insertion${add === 1 ? '' : 's'}(+)`, ...(del ? [`${del} deletion${del === 1 ? '' : 's'}(-)`] : [])];
  return [...rows, ` ${parts.join(', ')}`, ...changes.filter((c) => c.oldText === undefined).map((c) => ` create mode 100644 ${c.path}`)];
}

/**
 * The changes as one `git format-patch` mail (mbox): applies with `git am`, and its diff part with `git apply`,
 * on a checkout of the repository the changes were planned against. Body lines starting with `From ` are quoted
 * (`>From `) so that mbox readers do not split the mail there.
 */
export function formatPatch(changes: readonly FileChange[], options: FormatPatchOptions): string {
  const [subject, ...rest] = options.message.trim().split('\n');
  const body = rest.join('\n').trim().split('\n').map((l) => (l.startsWith('From ') ? `>${l}` : l === '---' ? '- - -' : l));
  const diffs = changes.map((c) => gitFileDiff(c, options.blobId));
  const header = [
    `From ${ZERO_ID} Mon Sep 17 00:00:00 2001`,
    `From: ${options.author ?? 'Lockstep <lockstep@localhost>'}`,
    `Date: ${rfc2822(options.date)}`,
    `Subject: [PATCH] ${subject}`,
    '',
  ];
  const message = body.join('').length > 0 ? body : [];
  // As git writes it: the diffs right after the diffstat's blank line, the signature right after the last hunk.
  return `${[...header, ...message, '---', ...diffstat(changes, diffs), ''].join('\n')}\n${diffs.join('')}-- \nLockstep\n\n`;
}
