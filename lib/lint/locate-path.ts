import { LineCounter, isNode, parseAllDocuments } from 'yaml';

/** Splits a lint path (`spec/egress[0]/toPorts[1]`) into YAML path segments (`['spec','egress',0,'toPorts',1]`). */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('/').filter(Boolean)) {
    const match = /^(.*?)((?:\[\d+\])*)$/.exec(part)!;
    if (match[1]) out.push(match[1].replace(/~1/g, '/').replace(/~0/g, '~'));
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out;
}

/**
 * Finds where a lint path points in YAML source text: 1-based line and column of the deepest existing node
 * along the path in document `documentIndex`. Undefined when the text does not parse or the document is missing.
 */
export function locatePath(text: string, documentIndex: number, path: string): { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  if (!Array.isArray(docs)) return undefined;
  const doc = docs[documentIndex];
  if (!doc || doc.errors.length > 0) return undefined;
  const segments = pathSegments(path);
  for (let n = segments.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lineCounter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return undefined;
}
