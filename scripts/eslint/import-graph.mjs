// The import graph of the project's own TypeScript (app/, components/, lib/, server/; tests left out, testing/
// helpers included), with `import type` counted like any import: TypeScript erases type-only imports, but a cycle
// through them is still two modules that cannot be understood (or moved) one without the other.
// `importCycles(root)` returns the file cycles and the folder loops inside lib/ and server/ (folder A imports B and
// B imports A, through any files). Used by the `lockstep/no-import-cycle` lint rule (eslint.config.mjs).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const TOPS = ['app', 'components', 'lib', 'server'];
const SKIP_DIRS = new Set(['node_modules', '.next', '.git', 'testdata']);

function sourceFiles(root) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (SKIP_DIRS.has(name)) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !/\.(test|spec|bench)\.tsx?$|\.d\.ts$/.test(name)) files.push(path);
    }
  };
  for (const top of TOPS) if (existsSync(join(root, top))) walk(join(root, top));
  return files;
}

function resolver(root, known) {
  return (from, spec) => {
    let base;
    if (spec.startsWith('@/')) base = join(root, spec.slice(2));
    else if (spec.startsWith('.')) base = resolve(dirname(from), spec);
    else return undefined;
    for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) if (known.has(candidate)) return candidate;
    return undefined;
  };
}

/** Strongly connected components with more than one node (Tarjan, iterative-safe for our sizes). */
function components(nodes, edges) {
  let index = 0;
  const idx = new Map(), low = new Map(), onStack = new Set(), stack = [], out = [];
  const visit = (v) => {
    idx.set(v, index); low.set(v, index); index++; stack.push(v); onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const c = [];
      let w;
      do { w = stack.pop(); onStack.delete(w); c.push(w); } while (w !== v);
      if (c.length > 1) out.push(c);
    }
  };
  for (const v of nodes) if (!idx.has(v)) visit(v);
  return out;
}

/** The folder of a file one level under lib/ or server/ (`server/db`), or undefined. */
export function layerFolder(root, file) {
  const parts = relative(root, file).split('/');
  return (parts[0] === 'lib' || parts[0] === 'server') && parts.length > 2 ? `${parts[0]}/${parts[1]}` : undefined;
}

/** `{ edges, fileCycle(file) → other files of its cycle, folderLoop(folder) → folders of its loop }`. */
export function importCycles(root) {
  const files = sourceFiles(root);
  const known = new Set(files);
  const resolveSpec = resolver(root, known);
  const edges = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    edges.set(file, new Set(info.importedFiles.map((f) => resolveSpec(file, f.fileName)).filter((t) => t && t !== file)));
  }
  const fileCycleOf = new Map();
  for (const c of components(files, edges)) for (const f of c) fileCycleOf.set(f, c);
  const folderEdges = new Map();
  for (const [from, targets] of edges) {
    const a = layerFolder(root, from);
    if (!a) continue;
    for (const to of targets) {
      const b = layerFolder(root, to);
      if (b && b !== a) folderEdges.set(a, (folderEdges.get(a) ?? new Set()).add(b));
    }
  }
  const folderLoopOf = new Map();
  for (const c of components([...folderEdges.keys()], folderEdges)) {
    const loop = [...c].sort();
    for (const f of loop) folderLoopOf.set(f, loop);
  }
  return { edges, resolveSpec, fileCycleOf, folderLoopOf };
}
