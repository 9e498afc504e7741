import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm ci --omit=dev` (a production image) installs only `dependencies`: every package that code run by the server,
 * the pages or the CLI imports must be listed there, not reached by luck through another package's dependencies or
 * left in `devDependencies` (the demo Kubernetes API's `ws` was).
 */
const root = path.resolve(__dirname, '..');
const RUNTIME_DIRS = ['app', 'components', 'lib', 'server', 'bin'];
const NOT_RUNTIME = /(\.(test|bench)\.tsx?$|\.d\.ts$|[/\\](testing|testdata)[/\\])/;
const IMPORT = /(?:^|[\s;])(?:import|export)\s(?:[^'"]*?\sfrom\s)?['"]([^'"]+)['"]|\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(m?[jt]sx?|cjs)$/.test(entry.name) && !NOT_RUNTIME.test(full) ? [full] : [];
  });
}

function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('@/') || specifier.startsWith('node:')) return undefined;
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  return builtinModules.includes(name) ? undefined : name;
}

/** Packages imported at run time (type-only imports excluded: they vanish in the build). */
function runtimeImports(files: string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      if (/^\s*(import|export)\s+type\s/.test(m[0].trimStart().replace(/^;/, ''))) continue;
      const name = packageOf(m[1] ?? m[2]);
      if (name && !found.has(name)) found.set(name, path.relative(root, file));
    }
  }
  return found;
}

describe('runtime dependencies', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

  it('every package imported by app, components, lib, server or bin is a dependency', () => {
    const imports = runtimeImports(RUNTIME_DIRS.flatMap((d) => sourceFiles(path.join(root, d))));
    expect(imports.has('ws'), 'the scan sees the demo Kubernetes API import ws').toBe(true);
    const missing = [...imports].filter(([name]) => !(name in manifest.dependencies)).map(([name, file]) => `${name} (imported by ${file})`);
    expect(missing).toEqual([]);
  });
});
