import 'server-only';
import type { Flow, LostEvent, NodeStatusEvent } from '@/lib/flow/flow';
import { toRelayEvent } from '../hubble/to-flow';
import { AppError } from '../errors';
import { inflateIfGzip } from '../body/inflate-limited';
import { splitLines } from '../body/split-lines';

/**
 * Reads Hubble flow captures: `hubble observe -o jsonpb` output and Hubble exporter files (one JSON object per
 * line, gzip detected by its magic bytes). Every line goes through the same translator as the live relay stream.
 * A bad line is reported with its number and skipped; a truncated gzip stops the read with what was read so far
 * kept and the problem reported. Nothing here throws for bad content; only the size limits a server sets
 * (decompressed bytes) throw, as a 413 `AppError`. Lines over `maxLineBytes` are never assembled.
 */

/**
 * Read size for capture files (`fs.createReadStream`'s highWaterMark): 1 MiB instead of the 64 KiB default, 16 times
 * fewer reads and line batches (at 64 KiB a CPU profile of a 100k-line capture spent about a tenth in the reads).
 */
export const CAPTURE_CHUNK_BYTES = 1 << 20;

/** One line that could not be used. */
export interface CaptureProblem {
  line: number;
  reason: string;
}

/** Options of {@link readCapture}. */
export interface ReadCaptureOptions {
  /** Called for each flow as it is read (streaming); flows are not kept when set. */
  onFlow?(flow: Flow, line: number): void;
  /** Problems listed in the result (all are counted). Default: 100. */
  maxProblems?: number;
  /** Lines longer than this are rejected unparsed (and never held in memory). Default: 1 MiB. */
  maxLineBytes?: number;
  /** Stop reading (with `fatal` set) after this many bad lines: the input is not a capture. Default: unlimited. */
  maxInvalid?: number;
  /** Most bytes after gzip decompression (a 413 `AppError` beyond). Default: unlimited. */
  maxDecompressedBytes?: number;
  /** Most decompressed bytes per gzip byte (a 413 `AppError` beyond; see {@link inflateIfGzip}). Default: unlimited. */
  maxCompressionRatio?: number;
}

/** The outcome of reading one capture. */
export interface CaptureResult {
  flows: Flow[];
  lines: number;
  flowCount: number;
  nodeStatus: NodeStatusEvent[];
  lostEvents: LostEvent[];
  ignored: number;
  invalid: number;
  problems: CaptureProblem[];
  /** A problem that ended the read early (truncated gzip, I/O error). */
  fatal: string | undefined;
  gzip: boolean;
}

/** Reads a capture from bytes or a byte stream. */
export async function readCapture(input: Uint8Array | AsyncIterable<Uint8Array>, options: ReadCaptureOptions = {}): Promise<CaptureResult> {
  const result: CaptureResult = { flows: [], lines: 0, flowCount: 0, nodeStatus: [], lostEvents: [], ignored: 0, invalid: 0, problems: [], fatal: undefined, gzip: false };
  const maxProblems = options.maxProblems ?? 100;
  const maxLine = options.maxLineBytes ?? 1024 * 1024;
  const problem = (line: number, reason: string) => {
    result.invalid += 1;
    if (result.problems.length < maxProblems) result.problems.push({ line, reason });
  };
  const bytes = input instanceof Uint8Array ? oneChunk(input) : input;
  const inflated = inflateIfGzip(bytes, { surface: 'capture', maxBytes: options.maxDecompressedBytes, maxRatio: options.maxCompressionRatio }, (gzip) => (result.gzip = gzip));
  const maxInvalid = options.maxInvalid ?? Infinity;
  try {
    reading: for await (const batch of splitLines(inflated, maxLine)) {
      for (const line of batch) {
        const n = ++result.lines;
        if (line.tooLong) problem(n, `line longer than ${maxLine} bytes`);
        else if (line.text.trim()) readLine(line.text, n, result, options, problem);
        if (result.invalid >= maxInvalid) {
          result.fatal = `reading stopped at line ${n}: ${result.invalid} bad lines (the limit); is this a \`hubble observe -o jsonpb\` capture?`;
          break reading;
        }
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    result.fatal = describeReadError(error, result.lines);
  }
  return result;
}

async function* oneChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  if (bytes.byteLength) yield bytes;
}

function readLine(text: string, n: number, result: CaptureResult, options: ReadCaptureOptions, problem: (line: number, reason: string) => void): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    problem(n, `not JSON (${(error as Error).message.slice(0, 120)})`);
    return;
  }
  const event = toRelayEvent(parsed);
  switch (event.kind) {
    case 'flow':
      result.flowCount += 1;
      if (options.onFlow) options.onFlow(event.flow, n);
      else result.flows.push(event.flow);
      return;
    case 'node_status':
      result.nodeStatus.push(event.event);
      return;
    case 'lost_events':
      result.lostEvents.push(event.event);
      return;
    case 'ignored':
      result.ignored += 1;
      return;
    case 'invalid':
      problem(n, event.reason);
  }
}

function describeReadError(error: unknown, lines: number): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/unexpected end of file/i.test(message)) return `the gzip stream is truncated after line ${lines}; the ${lines} lines before it were read`;
  if (/incorrect header check|invalid/i.test(message)) return `the gzip stream is corrupt after line ${lines}: ${message}`;
  return `reading stopped after line ${lines}: ${message}`;
}
