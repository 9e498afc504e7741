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
 * `readSplit` returns undefined and the caller reads the capture in one pass. So does a worker that fails (crashes,
 * runs out of memory): `onWorkerFailure` hears why.
 */

/** What a worker posts: its range read, with the reduction's state instead of the reduction. */
export type RangeResult = Omit<RangeRead, 'capture'> & { state: CaptureReductionState };

/** The outcome: the merged reduction, or the bad lines (numbered in the whole file) as one pass reports them. */
export type SplitRead = { capture: CaptureReduction } | { invalid: number; first: CaptureProblem };

/** Set (to true) by scripts/build-cli.mjs in the CLI bundle, where the worker is bundled too. */
declare const LOCKSTEP_CLI_BUNDLE: boolean | undefined;

/** Options of {@link readSplit}. */
export interface ReadSplitOptions {
  /** Told why when a worker failed and the capture must be read in one pass. */
  onWorkerFailure?(reason: string): void;
  /** The worker thread's module. Default: range-worker.ts through tsx, or range-worker.cjs in the CLI bundle. */
  worker?: WorkerModule;
}

/** A worker thread's entry: the file Node starts and what it gets as `workerData` besides its task. */
export interface WorkerModule {
  file: string;
  data?: Record<string, unknown>;
}

/** Reads `file` (`size` bytes, not gzip) in `threads` threads; undefined when it must be read in one pass. */
export async function readSplit(file: string, size: number, threads: number, options: ReadSplitOptions = {}): Promise<SplitRead | undefined> {
  const [first, ...rest] = await captureRanges(file, size, threads);
  if (rest.length === 0) return undefined;
  const worker = options.worker ?? rangeWorker();
  const later = rest.map((range) => runRange(worker, { file, ...range }));
  // Every worker is waited for, even when one fails, so that none is left reading.
  const settled = await Promise.allSettled([reduceRange({ file, ...first }), ...later]);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) {
    // The main thread's own range failing is not a worker's fault: the one-pass read would fail alike.
    if (settled[0].status === 'rejected') throw settled[0].reason;
    options.onWorkerFailure?.(failed.reason instanceof Error ? failed.reason.message : String(failed.reason));
    return undefined;
  }
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

function rangeWorker(): WorkerModule {
  if (typeof LOCKSTEP_CLI_BUNDLE !== 'undefined' && LOCKSTEP_CLI_BUNDLE) return { file: path.join(__dirname, 'range-worker.cjs') };
  const root = path.resolve(__dirname, '../..');
  return { file: path.join(__dirname, 'suggest-worker.mjs'), data: { entry: path.join(__dirname, 'range-worker.ts'), tsconfig: path.join(root, 'tsconfig.json') } };
}

function runRange(spec: WorkerModule, task: RangeTask): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(spec.file, {
      workerData: { ...spec.data, task },
      // Server modules import `server-only`, a no-op under this condition (as for the CLI itself).
      execArgv: ['--conditions=react-server'],
    });
    let result: RangeResult | undefined;
    worker.once('message', (message: RangeResult) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`suggest worker exited (${code}) without a result`))));
  });
}
