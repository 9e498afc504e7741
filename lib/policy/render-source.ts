import type { ParsedSource } from './parse-sources';
import { YAML_OUTPUT_OPTIONS } from './to-yaml';

/** The layout of a user's YAML, so re-rendered documents look like the rest of the file. */
export interface YamlStyle {
  indent: number;
  indentSeq: boolean;
  flowCollectionPadding: boolean;
}

/** Detects block-sequence indentation (`key:\n  - a` vs `key:\n- a`), indent width and `[ a ]` padding. */
export function detectStyle(text: string): YamlStyle {
  const lines = text.split('\n');
  let deeper = 0;
  let flush = 0;
  for (let i = 0; i < lines.length - 1; i++) {
    const key = /^(\s*)[^\s#-][^:]*:\s*$/.exec(lines[i]);
    const item = key && /^(\s*)- /.exec(lines[i + 1]);
    if (!key || !item) continue;
    if (item[1].length > key[1].length) deeper++;
    else if (item[1].length === key[1].length) flush++;
  }
  const indentMatch = /^[^\s#][^\n]*:[ \t]*\n( +)[^\s-]/m.exec(text);
  const indent = indentMatch ? Math.min(Math.max(indentMatch[1].length, 1), 8) : 2;
  const withoutComments = text.replace(/#.*$/gm, '');
  return { indent, indentSeq: deeper >= flush, flowCollectionPadding: /[[{] \S/.test(withoutComments) };
}

/**
 * The file text with the `modified` documents re-rendered through the yaml Document model (comments kept, layout
 * detected from the file) and every other document copied byte for byte.
 */
export function renderSource(parsed: ParsedSource, modified: ReadonlySet<number>): string {
  const text = parsed.source.text;
  const style = detectStyle(text);
  let out = '';
  let start = 0;
  parsed.docs.forEach((doc, i) => {
    const end = i === parsed.docs.length - 1 ? text.length : doc.range[2];
    const original = text.slice(start, end);
    start = end;
    if (!modified.has(i)) {
      out += original;
      return;
    }
    const rendered = doc.toString({ ...YAML_OUTPUT_OPTIONS, ...style });
    out += original.endsWith('\n') ? rendered : rendered.replace(/\n$/, '');
  });
  return out;
}
