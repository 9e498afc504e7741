import { parseAllDocuments } from 'yaml';
import type { CiliumPolicy } from '../policy/cnp-types';
import { appendDocuments, type FileChange, type RepoFiles } from './file-change';
import { isDeepStrictEqualJson } from './json-equal';
import type { PolicyLocation } from './policy-index';

/** Options of {@link planDocumentExport}. */
export interface DocumentExportOptions {
  /** The policy to write, and its YAML (one document opened by `---`, comments allowed). */
  policy: CiliumPolicy;
  yaml: string;
  /** Path for the document when the repository has no policy of that kind and name. */
  fallbackPath: string;
  repoFiles: RepoFiles;
  index: readonly PolicyLocation[];
}

/** The text of document `docIndex` of `text`, from the end of the previous document to its own end. */
function documentSpan(text: string, docIndex: number): { start: number; end: number } | undefined {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || !docs[docIndex]) return undefined;
  const start = docIndex === 0 ? 0 : docs[docIndex - 1].range[2];
  const end = docIndex === docs.length - 1 ? text.length : docs[docIndex].range[2];
  return { start, end };
}

/**
 * One whole policy document exported into the repository (the step-8 CCNP): the document of the same kind and
 * name is replaced where it lives (other documents of the file byte for byte), else the document is appended to
 * the fallback path. No change when the repository already has an equal policy.
 */
export function planDocumentExport(options: DocumentExportOptions): FileChange[] {
  const { policy } = options;
  const found = options.index.find((l) => l.kind === policy.kind && l.name === policy.metadata.name && (policy.kind !== 'CiliumNetworkPolicy' || l.namespace === policy.metadata.namespace));
  const label = `${policy.kind} ${policy.metadata.name}`;
  if (!found) {
    const oldText = options.repoFiles.get(options.fallbackPath);
    return [{ path: options.fallbackPath, oldText, newText: appendDocuments(oldText, options.yaml), summary: [`new ${label}`] }];
  }
  const text = options.repoFiles.get(found.path) ?? '';
  const docs = parseAllDocuments(text);
  const existing = Array.isArray(docs) ? docs[found.docIndex]?.toJS({ maxAliasCount: 100 }) : undefined;
  if (isDeepStrictEqualJson(existing, policy)) return [];
  const span = documentSpan(text, found.docIndex);
  if (!span) return [];
  const replacement = options.yaml.endsWith('\n') || span.end === text.length ? options.yaml : `${options.yaml}\n`;
  const prefix = text.slice(0, span.start);
  const newText = `${prefix === '' || prefix.endsWith('\n') ? prefix : `${prefix}\n`}${replacement}${text.slice(span.end)}`;
  return [{ path: found.path, oldText: text, newText, summary: [`${label} replaced`] }];
}
