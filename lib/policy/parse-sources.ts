import { parseAllDocuments, type Document } from 'yaml';
import { problem, type Problem } from '../findings/problems';
import type { ExistingPolicySource } from './suggested-policy';

/** A parsed existing file: its documents (yaml CST-preserving Documents) and their plain JS values. */
export interface ParsedSource {
  source: ExistingPolicySource;
  docs: Document.Parsed[];
  values: unknown[];
}

/** The result of {@link parseSources}. */
export interface ParsedSources {
  parsed: ParsedSource[];
  problems: Problem[];
}

/**
 * Parses every source with `parseAllDocuments`; a file with YAML errors is reported (LSP106) and left out. Parse
 * once and pass the result down: nothing downstream changes it (the merge works on clones of the documents).
 */
export function parseSources(sources: readonly ExistingPolicySource[]): ParsedSources {
  const parsed: ParsedSource[] = [];
  const problems: Problem[] = [];
  for (const source of sources) {
    const docs = parseAllDocuments(source.text);
    if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) {
      problems.push(problem('LSP106', { source: source.name }));
      continue;
    }
    try {
      parsed.push({ source, docs, values: docs.map((d) => d.toJS({ maxAliasCount: 100 })) });
    } catch {
      // toJS throws on alias bombs ("billion laughs"); such a file is not a merge target.
      problems.push(problem('LSP106', { source: source.name }));
    }
  }
  return { parsed, problems };
}
