import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM module of the lint setup, without type declarations
import { importCycles } from './import-graph.mjs';

let root: string;
function project(files: Record<string, string>) {
  root = mkdtempSync(join(tmpdir(), 'import-graph-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return importCycles(root);
}
const names = (files: string[] | undefined) => (files ?? []).map((f) => f.slice(root.length + 1)).sort();

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('importCycles', () => {
  it('finds a cycle made only of type imports, and the folder loop it makes', () => {
    const graph = project({
      'lib/policy/merge.ts': "import type { Options } from './synthesize';\nexport type Merged = Options;\n",
      'lib/policy/synthesize.ts': "import type { Merged } from './merge';\nexport interface Options { m?: Merged }\n",
      'lib/findings/model.ts': "import type { Entity } from '@/lib/policy/types';\nexport type Peer = Entity;\n",
      'lib/policy/types.ts': "export type Entity = 'world';\n",
      'lib/policy/guard.ts': "import type { Peer } from '../findings/model';\nexport const ok = (p: Peer) => p;\n",
    });
    expect(names(graph.fileCycleOf.get(join(root, 'lib/policy/merge.ts')))).toEqual(['lib/policy/merge.ts', 'lib/policy/synthesize.ts']);
    expect(graph.folderLoopOf.get('lib/findings')).toEqual(['lib/findings', 'lib/policy']);
  });

  it('leaves tests and one-way imports alone', () => {
    const graph = project({
      'server/db/store.ts': "export interface Store { x: number }\n",
      'server/github/export.ts': "import type { Store } from '../db/store';\nexport const use = (s: Store) => s.x;\n",
      'server/db/store.test.ts': "import { use } from '../github/export';\nuse({ x: 1 });\n",
    });
    expect(graph.fileCycleOf.size).toBe(0);
    expect(graph.folderLoopOf.size).toBe(0);
  });
});
