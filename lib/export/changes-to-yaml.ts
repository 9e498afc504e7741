import type { FileChange } from './file-change';

/** True when the first line that is not blank or a comment is a `---` document marker. */
function opensWithMarker(text: string): boolean {
  const first = text.split('\n').find((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  return first !== undefined && /^---(\s|$)/.test(first);
}

/**
 * The changed files as one multi-document YAML, each file's whole new text under a `# lockstep: <path>` comment:
 * `kubectl apply -f` takes it as it is (unchanged documents of a file apply as no-ops).
 */
export function changesToYaml(changes: readonly FileChange[]): string {
  return changes
    .map((c, i) => {
      const marker = i > 0 && !opensWithMarker(c.newText) ? '---\n' : '';
      const text = c.newText.endsWith('\n') ? c.newText : `${c.newText}\n`;
      return `${marker}# lockstep: ${c.path}${c.oldText === undefined ? ' (new file)' : ''}\n${text}`;
    })
    .join('');
}
