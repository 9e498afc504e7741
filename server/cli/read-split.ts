import 'server-only';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { captureRanges } from '../captures/capture-ranges';
import type { CaptureProblem } from '../captures/read-capture';
import type { CaptureReduction, CaptureReductionState } from './capture-reduction';
import { reduceRange, type RangeRead, type RangeTask } from './reduce-range';

/**
 * `lockstep suggest` on a big capture: the file is cut into N contiguous byte ranges at line boundaries; the main
 * thread reads the first, N - 1 worker threads the others, each reducing its flows (findings, verdict keys, triage
 * observations); the workers post back their reductions (small; flows never cross threads), merged in range
 * order. The merge gives what one pass would (see `FindingSet.merge`); when it cannot (a duplicate across a seam,
 * an endpoint resolving differently in two ranges, a full cache; or a read error, described by one pass)
 * `readSplit` returns undefined and the caller reads the capture in one pass.
 */

/** What a worker posts: its range read, with the reduction's state instead of the reduction. */
export type RangeResult = Omit<RangeRead, 'capture'> & { state: CaptureReductionState };

/** The outcome: the merged reduction, or the bad lines (numbered in the whole file) as one pass reports them. */
export type SplitRead = { capture: CaptureReduction } | { invalid: number; first: CaptureProblem };

const ROOT = path.resolve(__dirname, '../..');

/** Reads `file` (`size` bytes, not gzip) in `threads` threads; undefined when it must be read in one pass. */
export async function readSplit(file: string, size: number, threads: number): Promise<SplitRead | undefined> {
  const [first, ...rest] = await captureRanges(file, size, threads);
  if (rest.length === 0) return undefined;
  const later = rest.map((range) => runRange({ file, ...range }));
  // Every worker is waited for, even when one fails, so that none is left reading.
  const settled = await Promise.allSettled([reduceRange({ file, ...first }), ...later]);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  const results = settled.map((s) => (s as PromiseFulfilledResult<RangeRead | RangeResult>).value);
  if (results.some((r) => r.fatal !== undefined)) return undefined;
  const invalid = results.reduce((n, r) => n + r.invalid, 0);
  if (invalid > 0) {
    let base = 0;
    for (const r of results) {
      if (r.problem) return { invalid, first: { line: base + r.problem.line, reason: r.problem.reason } };
      base += r.lines;
    }
  }
  const [head, ...tail] = results;
  const capture = (head as RangeRead).capture;
  for (const r of tail as RangeResult[]) if (!capture.merge(r.state)) return undefined;
  return { capture };
}

function runRange(task: RangeTask): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'suggest-worker.mjs'), {
      workerData: { task, entry: path.join(__dirname, 'range-worker.ts'), tsconfig: path.join(ROOT, 'tsconfig.json') },
      // Server modules import `server-only`, a no-op under this condition (as for the CLI itself).
      execArgv: ['--conditions=react-server'],
    });
    let result: RangeResult | undefined;
    worker.once('message', (message: RangeResult) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`suggest worker exited (${code}) without a result`))));
  });
}
