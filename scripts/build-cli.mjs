#!/usr/bin/env node
// `npm run build:cli` (also run by `npm run build`): bundles the `lockstep` CLI (server/cli/main.ts) and the
// `lockstep suggest` range worker into plain CommonJS under dist/cli/, so that the CLI and each of its worker
// threads start without tsx transforming TypeScript (about a second of CPU per thread, on the capture's time).
// bin/lockstep.mjs runs the bundle only while it is fresh (server/cli/cli-bundle.mjs), otherwise the sources
// through tsx as before: a fresh clone needs no build.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_DIR, MANIFEST } from '../server/cli/cli-bundle.mjs';

/** Builds the bundle into `outdir` (default dist/cli); returns the manifest written next to it. */
export async function buildCli(root, outdir = path.join(root, BUNDLE_DIR)) {
  fs.mkdirSync(outdir, { recursive: true });
  // Sources are compared with the time the build started: one edited while it ran makes the bundle stale.
  const startedAt = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: 'server/cli/main.ts', 'range-worker': 'server/cli/range-worker.ts' },
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Packages stay imports resolved by Node at run time, under `--conditions=react-server` as for tsx (their
    // `server-only` guard is then a no-op); only Lockstep's own sources are bundled.
    packages: 'external',
    // read-split.ts starts range-worker.cjs instead of the TypeScript worker when it runs from the bundle.
    define: { LOCKSTEP_CLI_BUNDLE: 'true' },
    tsconfig: path.join(root, 'tsconfig.json'),
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  // Every source file that went into the bundle: it is stale as soon as one of them is newer (or gone).
  const inputs = Object.keys(result.metafile.inputs).concat('tsconfig.json').sort();
  const manifest = { startedAt, inputs };
  fs.writeFileSync(path.join(outdir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { inputs } = await buildCli(root);
  console.log(`lockstep CLI bundled into ${BUNDLE_DIR}/ (${inputs.length} source files)`);
}
