// Which code `lockstep` runs, in plain JavaScript for bin/lockstep.mjs: the prebuilt bundle (scripts/build-cli.mjs)
// when it is fresh, else the TypeScript sources through tsx. Fresh means: its manifest names every source file that
// went into it and none of them changed (or vanished) since the build started, so an edit, a pull or a checkout
// never runs old code; the cost is one stat per source file (about 200) at start-up.
import fs from 'node:fs';
import path from 'node:path';

/** Where `npm run build` writes the bundle, relative to the repository root. */
export const BUNDLE_DIR = 'dist/cli';
/** The bundle's manifest: `{ startedAt, inputs }`, the build's start (ms) and its source files (root-relative). */
export const MANIFEST = 'manifest.json';

/** The bundled CLI entry under `root` when it is fresh; undefined when there is none or it is stale. */
export function freshBundle(root) {
  const dir = path.join(root, BUNDLE_DIR);
  const main = path.join(dir, 'main.cjs');
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8'));
    if (!fs.existsSync(main) || !fs.existsSync(path.join(dir, 'range-worker.cjs'))) return undefined;
  } catch {
    return undefined;
  }
  if (typeof manifest.startedAt !== 'number' || !Array.isArray(manifest.inputs) || manifest.inputs.length === 0) return undefined;
  for (const input of manifest.inputs) {
    const stat = fs.statSync(path.join(root, input), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > manifest.startedAt) return undefined;
  }
  return main;
}
