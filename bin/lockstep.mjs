#!/usr/bin/env node
// The `lockstep` CLI: runs server/cli/main.ts under the `react-server` export condition, under which the
// `server-only` guard of server modules is a no-op: from the prebuilt bundle when `npm run build` wrote one and no
// source changed since (server/cli/cli-bundle.mjs), else with TypeScript support (tsx), so a fresh clone needs no
// build. Help (`lockstep --help`, `lockstep <command> --help`) is printed from the plain-JavaScript usage texts
// without starting either.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshBundle } from '../server/cli/cli-bundle.mjs';
import { helpFor } from '../server/cli/usage.mjs';

const argv = process.argv.slice(2);
const help = helpFor(argv);
if (help) {
  process.stdout.write(help.text);
  process.exitCode = help.code;
} else {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const bundle = freshBundle(root);
  const entry = bundle ? [bundle] : ['--import', 'tsx', path.join(root, 'server/cli/main.ts')];
  const child = spawn(process.execPath, ['--conditions=react-server', ...entry, ...argv], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json') },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
}
