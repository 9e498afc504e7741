import 'server-only';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { captureRanges, type CaptureRange } from '../captures/capture-ranges';
import type { CaptureProblem } from '../captures/read-capture';
import { CaptureReduction, type CaptureReductionState } from './capture-reduction';

/**
 * `lockstep suggest` on a big capture: N worker threads each read and reduce one contiguous byte range (cut at line
 * boundaries) and post back their reduction (findings, verdict keys, triage observations: small), which the main
 * thread merges in range order. The merge gives what one pass would (see `FindingSet.merge`); when it cannot
 * (a duplicate across a seam, an endpoint resolving differently in two ranges, a full cache, a read error that
 * needs one pass to be described) `readSplit` returns undefined and the caller reads the capture in one pass.
 */

/** One worker's job. */
export interface RangeTask extends CaptureRange {
  file: string;
}

/** One worker's answer: its line count and first bad line (numbered within the range), and its reduction. */
export interface RangeResult {
  lines: number;
  invalid: number;
  problem: CaptureProblem | undefined;
  fatal: string | undefined;
  state: CaptureReductionState;
}

/** The outcome: the merged reduction, or the bad lines (numbered in the whole file) as one pass reports them. */
export type SplitRead = { capture: CaptureReduction } | { invalid: number; first: CaptureProblem };

const ROOT = path.resolve(__dirname, '../..');

/** Reads `file` (`size` bytes, not gzip) in `threads` worker threads; undefined when it must be read in one pass. */
export async function readSplit(file: string, size: number, threads: number): Promise<SplitRead | undefined> {
  const ranges = await captureRanges(file, size, threads);
  if (ranges.length < 2) return undefined;
  const results = await Promise.all(ranges.map((range) => runRange({ file, ...range })));
  if (results.some((r) => r.fatal !== undefined)) return undefined;
  const invalid = results.reduce((n, r) => n + r.invalid, 0);
  if (invalid > 0) {
    let base = 0;
    for (const r of results) {
      if (r.problem) return { invalid, first: { line: base + r.problem.line, reason: r.problem.reason } };
      base += r.lines;
    }
  }
  const capture = new CaptureReduction();
  for (const r of results) if (!capture.merge(r.state)) return undefined;
  return { capture };
}

function runRange(task: RangeTask): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'suggest-worker.mjs'), {
      workerData: { task, entry: path.join(__dirname, 'reduce-range.ts'), tsconfig: path.join(ROOT, 'tsconfig.json') },
      // Server modules import `server-only`, a no-op under this condition (as for the CLI itself).
      execArgv: ['--conditions=react-server'],
    });
    let result: RangeResult | undefined;
    worker.once('message', (message: RangeResult) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`suggest worker exited (${code}) without a result`))));
  });
}
