/** Options of {@link unifiedDiff}. */
export interface UnifiedDiffOptions {
  /** Unchanged lines shown around each change. Default: 3. */
  context?: number;
  /** Header names. Default: `a` and `b`. */
  oldName?: string;
  newName?: string;
}

type Op = { kind: ' ' | '-' | '+'; text: string; oldLine: number; newLine: number };

/** Line edit script by LCS over the lines between the common prefix and suffix (quadratic only in the changed part). */
function diffLines(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const m = a.length - pre - suf;
  const n = b.length - pre - suf;
  const lcs = Array.from({ length: m + 1 }, () => new Uint32Array(n + 1));
  for (let i = m - 1; i >= 0; i--) {
    for (let j = n - 1; j >= 0; j--) lcs[i][j] = a[pre + i] === b[pre + j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const ops: Op[] = [];
  for (let k = 0; k < pre; k++) ops.push({ kind: ' ', text: a[k], oldLine: k, newLine: k });
  let i = 0;
  let j = 0;
  while (i < m || j < n) {
    if (i < m && j < n && a[pre + i] === b[pre + j]) ops.push({ kind: ' ', text: a[pre + i], oldLine: pre + i++, newLine: pre + j++ });
    else if (i < m && (j === n || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ kind: '-', text: a[pre + i], oldLine: pre + i++, newLine: pre + j });
    else ops.push({ kind: '+', text: b[pre + j], oldLine: pre + i, newLine: pre + j++ });
  }
  for (let k = 0; k < suf; k++) ops.push({ kind: ' ', text: a[pre + m + k], oldLine: pre + m + k, newLine: pre + n + k });
  return ops;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * A unified diff (`---`/`+++` headers, `@@ -a,b +c,d @@` hunks) of two texts, line by line. Empty string when
 * they are equal. Deletions come before insertions within a change, as in `diff -u`.
 */
export function unifiedDiff(oldText: string, newText: string, options: UnifiedDiffOptions = {}): string {
  if (oldText === newText) return '';
  const context = options.context ?? 3;
  const ops = diffLines(splitLines(oldText), splitLines(newText));
  const changed = ops.map((op, k) => (op.kind !== ' ' ? k : -1)).filter((k) => k >= 0);
  if (changed.length === 0) return '';
  const out = [`--- ${options.oldName ?? 'a'}`, `+++ ${options.newName ?? 'b'}`];
  let h = 0;
  while (h < changed.length) {
    let end = h;
    while (end + 1 < changed.length && changed[end + 1] - changed[end] <= 2 * context + 1) end++;
    const from = Math.max(0, changed[h] - context);
    const to = Math.min(ops.length - 1, changed[end] + context);
    const hunk = ops.slice(from, to + 1);
    const oldCount = hunk.filter((op) => op.kind !== '+').length;
    const newCount = hunk.filter((op) => op.kind !== '-').length;
    const oldStart = oldCount === 0 ? hunk[0].oldLine : hunk[0].oldLine + 1;
    const newStart = newCount === 0 ? hunk[0].newLine : hunk[0].newLine + 1;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...hunk.map((op) => `${op.kind}${op.text}`));
    h = end + 1;
  }
  return `${out.join('\n')}\n`;
}
