/**
 * `npm run bench:suggest`: the command a user runs, end to end. Generates `hubble observe -o jsonpb` captures of
 * 100,000 and 1,000,000 lines (bench/generate-capture.ts; cached in the OS temp folder, about 1.3 KB a line) and
 * times `bin/lockstep.mjs suggest <capture>` as a child process under /usr/bin/time: wall time, CPU (user + sys)
 * and peak RSS of the process tree. Nothing is stubbed: reading, findings, synthesis, YAML, replay before/after
 * and lints all run as for a user. Targets for 1M lines (issue #16): <= 10 s wall, <= 400 MB peak RSS.
 * bin/lockstep.mjs runs the CLI bundle when `npm run build` (or `npm run build:cli`) wrote a fresh one, else the
 * sources through tsx; the report says which (`cli`).
 *
 *   npm run bench:suggest                # 100k and 1M, two runs each
 *   npm run bench:suggest -- 100000      # one size
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCapture } from './generate-capture';
import { freshBundle } from '../server/cli/cli-bundle.mjs';

const ROOT = path.resolve(__dirname, '..');
const RUNS = 2;

interface Run {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
}

async function captureOf(lines: number): Promise<string> {
  const dir = path.join(os.tmpdir(), 'lockstep-bench-suggest');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `capture-${lines}.jsonl`);
  if (!fs.existsSync(file)) {
    const partial = `${file}.partial`;
    await generateCapture(lines, partial);
    fs.renameSync(partial, file);
  }
  return file;
}

function runSuggest(file: string): { run: Run; summary: string[] } {
  const result = spawnSync('/usr/bin/time', ['-f', 'BENCH %e %U %S %M', process.execPath, path.join(ROOT, 'bin/lockstep.mjs'), 'suggest', file], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (result.error) throw new Error(`cannot run /usr/bin/time (GNU time is needed for CPU and peak RSS): ${result.error.message}`);
  const lines = result.stderr.split('\n');
  const timing = lines.find((l) => l.startsWith('BENCH '));
  if (result.status !== 0 || !timing) throw new Error(`lockstep suggest failed (exit ${result.status}):\n${lines.slice(-20).join('\n')}`);
  const [wall, user, sys, maxKiB] = timing.split(' ').slice(1).map(Number);
  return {
    run: { wallSeconds: wall, cpuSeconds: +(user + sys).toFixed(2), peakRssMiB: Math.round(maxKiB / 1024) },
    summary: lines.filter((l) => l.startsWith('# read') || l.startsWith('# allow-localhost')),
  };
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const report: Record<string, unknown> = {
    machine: `${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    cli: freshBundle(ROOT) ? 'bundle (dist/cli)' : 'sources through tsx (no fresh bundle: npm run build:cli)',
  };
  for (const lines of sizes.length ? sizes : [100_000, 1_000_000]) {
    const file = await captureOf(lines);
    const runs: Run[] = [];
    let summary: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = runSuggest(file);
      runs.push(r.run);
      summary = r.summary;
    }
    report[`${lines} lines`] = { captureMiB: Math.round(fs.statSync(file).size / 1048576), runs, summary };
    for (const [i, r] of runs.entries()) {
      console.error(`${lines.toLocaleString('en-US')} lines, run ${i + 1}: wall ${r.wallSeconds} s, CPU ${r.cpuSeconds} s, peak RSS ${r.peakRssMiB} MiB`);
    }
  }
  console.log(JSON.stringify(report, null, 2));
}

void main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
