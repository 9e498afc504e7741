#!/usr/bin/env node
// `npm start`: serves the production build on $PORT (default 3000). With no HUBBLE_RELAY_ADDR Lockstep runs on
// its embedded demo relay as a single local admin, so it listens on 127.0.0.1 only unless HOSTNAME says otherwise.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
  console.error('lockstep: no production build found; run `npm run build` first (or `npm run demo`).');
  process.exit(1);
}
const port = process.env.PORT || '3000';
const host = process.env.HOSTNAME || (process.env.HUBBLE_RELAY_ADDR ? '0.0.0.0' : '127.0.0.1');
const child = spawn(process.execPath, [path.join(root, 'scripts', 'server.mjs')], { stdio: 'inherit', cwd: root, env: { ...process.env, PORT: port, HOSTNAME: host, NODE_ENV: 'production' } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
