import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCapture } from '../../bench/generate-capture';
import { readSplit } from './read-split';
import { runSuggestCommand, type SuggestOptions } from './suggest-command';

/**
 * A big capture is read by worker threads, each reducing a part, merged in order (read-split.ts). What the user
 * sees must not depend on it: the same patch, the same report, the same errors (line numbers in the whole file)
 * and exit code as one pass. The tests force the split on small captures (the default is 64 MiB and up).
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-suggest-split-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const testdata = path.join(__dirname, '../captures/testdata');
let generated = '';
let lines: string[] = [];

beforeAll(async () => {
  generated = path.join(dir, 'generated.jsonl');
  await generateCapture(3000, generated);
  lines = fs.readFileSync(generated, 'utf8').trimEnd().split('\n');
});

async function suggest(argv: string[], options: SuggestOptions): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runSuggestCommand(argv, (t) => (stdout += t), (t) => (stderr += t), options);
  return { code, stdout, stderr };
}

/** Runs the command in one pass and split over 2 and 3 threads; all three must print the same and exit alike. */
async function expectSameBothWays(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const onePass = await suggest(argv, { threads: 1 });
  for (const threads of [2, 3]) expect(await suggest(argv, { splitBytes: 1, threads })).toEqual(onePass);
  return onePass;
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('lockstep suggest on a capture split across worker threads', () => {
  it('really splits and merges a clean capture (no fallback to one pass)', async () => {
    const read = await readSplit(generated, fs.statSync(generated).size, 3);
    expect(read && 'capture' in read && read.capture.keys.flowTotal).toBe(3000);
  });

  it('prints the same patch and report as one pass on a generated capture', async () => {
    const result = await expectSameBothWays([generated]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('CiliumNetworkPolicy');
    expect(result.stderr).toContain('# read 3000 flows');
    expect(await expectSameBothWays([generated, '--no-evidence', '--include-held'])).toMatchObject({ code: 0 });
  }, 60_000);

  it('prints the same as one pass on the repository fixture captures', async () => {
    for (const name of fs.readdirSync(testdata).filter((f) => /\.jsonl?$/.test(f))) {
      await expectSameBothWays([path.join(testdata, name)]);
    }
  }, 60_000);

  it('reports a corrupt line by its number in the whole file and exits 2, as one pass does', async () => {
    const bad = write('bad.jsonl', [...lines.slice(0, 2200), '{"flow": oops', ...lines.slice(2200, 2800), 'garbage', ...lines.slice(2800)].join('\n') + '\n');
    const result = await expectSameBothWays([bad]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^lockstep suggest: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2201: not JSON .*\\(and 1 more bad lines\\)\\n$`));
  }, 60_000);

  it('falls back to one pass when a duplicate flow straddles a cut, with the same output', async () => {
    const same = write('same.jsonl', `${Array.from({ length: 300 }, () => lines[0]).join('\n')}\n`);
    expect(await readSplit(same, fs.statSync(same).size, 2)).toBeUndefined();
    const result = await expectSameBothWays([same]);
    expect(result.stderr).toContain('# read 300 flows');
  }, 60_000);

  it('reads in one pass, saying so, when a worker thread fails, with the same patch and report', async () => {
    const crash = write('crash-worker.mjs', "throw new Error('worker crashed on purpose');\n");
    const exits = write('exit-worker.mjs', 'process.exit(3);\n');
    const onePass = await suggest([generated], { threads: 1 });
    for (const worker of [crash, exits]) {
      const result = await suggest([generated], { splitBytes: 1, threads: 2, worker: { file: worker } });
      const [notice, ...report] = result.stderr.split('\n');
      expect(notice).toMatch(new RegExp(`^# a worker thread failed \\((worker crashed on purpose|suggest worker exited \\(3\\) without a result)\\); reading .*generated\\.jsonl in one pass instead$`));
      expect({ ...result, stderr: report.join('\n') }).toEqual(onePass);
    }
  }, 60_000);
});
