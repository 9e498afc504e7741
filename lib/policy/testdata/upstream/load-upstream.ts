/// <reference types="vite/client" />
/**
 * Test-only loader for the upstream policies in this folder (never import it from lib code). The files are
 * bundled by vitest's `import.meta.glob` rather than read with node:fs, so lib/ stays free of I/O even in tests.
 */
import { parseAllDocuments } from 'yaml';
import type { CiliumPolicy } from '../../cnp-types';

const FILES = import.meta.glob('./**/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** The source text of an upstream file (path relative to this folder). */
export function readUpstream(relative: string): string {
  const text = FILES[`./${relative.replace(/^\.\//, '')}`];
  if (text === undefined) throw new Error(`no upstream fixture ${relative}`);
  return text;
}

/** Every CNP/CCNP document of an upstream YAML file (other kinds and empty documents skipped). */
export function loadUpstream(relative: string): CiliumPolicy[] {
  return parsePolicies(readUpstream(relative));
}

/** Every CNP/CCNP document of YAML text; throws on YAML errors so a broken fixture fails loudly. */
export function parsePolicies(text: string): CiliumPolicy[] {
  const out: CiliumPolicy[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`YAML error: ${doc.errors[0].message}`);
    const value = doc.toJS() as { kind?: string } | null;
    if (value && (value.kind === 'CiliumNetworkPolicy' || value.kind === 'CiliumClusterwideNetworkPolicy')) out.push(value as CiliumPolicy);
  }
  return out;
}

/** Tagged template for inline policy YAML in tests (after eemeli/yaml's `source` tag): returns the policies. */
export function policies(strings: TemplateStringsArray, ...values: unknown[]): CiliumPolicy[] {
  const text = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  return parsePolicies(dedent(text));
}

function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length);
  const min = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(min)).join('\n');
}
