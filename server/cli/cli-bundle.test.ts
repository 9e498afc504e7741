import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCapture } from '../../bench/generate-capture';
import { buildCli } from '../../scripts/build-cli.mjs';
import { BUNDLE_DIR, MANIFEST, freshBundle } from './cli-bundle.mjs';

/**
 * `npm run build` bundles the CLI (scripts/build-cli.mjs) and bin/lockstep.mjs runs the bundle while no source it
 * was built from changed, else the TypeScript sources through tsx. Either way the user must get the same output,
 * including a capture big enough to be read by worker threads (the bundle starts its own bundled worker).
 */

const root = path.resolve(__dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-cli-bundle-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json') };
    execFile(process.execPath, args, { cwd: root, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ stdout, stderr, code: error ? (error.code as number) : 0 });
    });
  });
}

describe('freshBundle (which code bin/lockstep.mjs runs)', () => {
  const fake = path.join(dir, 'repo');
  const source = path.join(fake, 'server/cli/main.ts');
  const writeBundle = (startedAt: number, inputs = ['server/cli/main.ts']) => {
    fs.mkdirSync(path.join(fake, BUNDLE_DIR), { recursive: true });
    for (const name of ['main.cjs', 'range-worker.cjs']) fs.writeFileSync(path.join(fake, BUNDLE_DIR, name), '');
    fs.writeFileSync(path.join(fake, BUNDLE_DIR, MANIFEST), JSON.stringify({ startedAt, inputs }));
  };
  beforeAll(() => {
    fs.mkdirSync(path.dirname(source), { recursive: true });
    fs.writeFileSync(source, '');
    fs.utimesSync(source, new Date(1000_000), new Date(1000_000));
  });

  it('runs the bundle when no source it was built from changed since the build started', () => {
    writeBundle(2000_000);
    expect(freshBundle(fake)).toBe(path.join(fake, BUNDLE_DIR, 'main.cjs'));
  });

  it('runs the sources when one changed after the build started, or is gone', () => {
    writeBundle(500_000);
    expect(freshBundle(fake)).toBeUndefined();
    writeBundle(2000_000, ['server/cli/main.ts', 'server/cli/deleted.ts']);
    expect(freshBundle(fake)).toBeUndefined();
  });

  it('runs the sources when there is no bundle, no manifest or no worker', () => {
    expect(freshBundle(path.join(dir, 'fresh-clone'))).toBeUndefined();
    writeBundle(2000_000);
    fs.rmSync(path.join(fake, BUNDLE_DIR, 'range-worker.cjs'));
    expect(freshBundle(fake)).toBeUndefined();
    writeBundle(2000_000);
    fs.rmSync(path.join(fake, BUNDLE_DIR, MANIFEST));
    expect(freshBundle(fake)).toBeUndefined();
  });
});

describe('the bundled CLI', () => {
  // Inside the repository (dist/ is ignored), at the depth of dist/cli: packages and proto/ resolve as for a build.
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  const out = fs.mkdtempSync(path.join(root, 'dist', 'test-'));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));
  let capture = '';
  beforeAll(async () => {
    // Over 64 MiB: the size from which `lockstep suggest` reads with worker threads.
    capture = path.join(dir, 'big.jsonl');
    await generateCapture(53_000, capture);
    expect(fs.statSync(capture).size).toBeGreaterThan(64 * 1024 * 1024);
    const manifest = await buildCli(root, out);
    expect(manifest.inputs).toContain('server/cli/main.ts');
  }, 120_000);

  const viaBundle = (argv: string[]) => run(['--conditions=react-server', path.join(out, 'main.cjs'), ...argv]);
  const viaTsx = (argv: string[]) => run(['--conditions=react-server', '--import', 'tsx', path.join(root, 'server/cli/main.ts'), ...argv]);

  it('suggests the same patch and report as the sources, reading a big capture with its own worker threads', async () => {
    const [bundle, tsx] = [await viaBundle(['suggest', capture]), await viaTsx(['suggest', capture])];
    expect(tsx.code).toBe(0);
    expect(tsx.stdout).toContain('CiliumNetworkPolicy');
    expect(tsx.stderr).toContain('# read 53000 flows');
    expect(bundle.stderr).not.toContain('worker thread failed');
    expect(bundle).toEqual(tsx);
  }, 120_000);

  it('reads and reports bad input as the sources do', async () => {
    const fixture = path.join(root, 'server/captures/testdata');
    const first = fs.readdirSync(fixture).find((f) => f.endsWith('.jsonl'))!;
    for (const argv of [['read', path.join(fixture, first), '-o', 'json'], ['suggest', path.join(dir, 'missing.jsonl')], ['nope']]) {
      expect(await viaBundle(argv), argv.join(' ')).toEqual(await viaTsx(argv));
    }
  }, 60_000);

  it('keeps the server-only guard: server modules refuse to load without the react-server condition', async () => {
    const result = await run([path.join(out, 'main.cjs'), 'read', path.join(dir, 'missing.jsonl')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('This module cannot be imported from a Client Component module');
  });
});
