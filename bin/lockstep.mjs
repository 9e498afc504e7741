#!/usr/bin/env node
// The `lockstep` CLI: runs server/cli/main.ts with TypeScript support (tsx) and the `react-server` export
// condition, under which the `server-only` guard of server modules is a no-op. Help (`lockstep --help`,
// `lockstep <command> --help`) is printed from the plain-JavaScript usage texts without starting tsx.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { helpFor } from '../server/cli/usage.mjs';

const argv = process.argv.slice(2);
const help = helpFor(argv);
if (help) {
  process.stdout.write(help.text);
  process.exitCode = help.code;
} else {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join(root, 'server/cli/main.ts'), ...argv], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json') },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
}
