import 'server-only';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import readline from 'node:readline';
import type { Flow, LostEvent, NodeStatusEvent } from '@/lib/flow/model';
import { toRelayEvent } from '../hubble/to-flow';

/**
 * Reads Hubble flow captures: `hubble observe -o jsonpb` output and Hubble exporter files (one JSON object per
 * line, gzip detected by its magic bytes). Every line goes through the same translator as the live relay stream.
 * A bad line is reported with its number and skipped; a truncated gzip stops the read with what was read so far
 * kept and the problem reported. Nothing here throws for bad content.
 */

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
  /** Lines longer than this are rejected unparsed. Default: 1 MiB. */
  maxLineBytes?: number;
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
  const source = await sniffGzip(input, result);
  const lines = readline.createInterface({ input: source, crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      const n = ++result.lines;
      if (!text.trim()) continue;
      if (text.length > maxLine) {
        problem(n, `line longer than ${maxLine} bytes`);
        continue;
      }
      readLine(text, n, result, options, problem);
    }
  } catch (error) {
    result.fatal = describeReadError(error, result.lines);
  }
  return result;
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

async function sniffGzip(input: Uint8Array | AsyncIterable<Uint8Array>, result: CaptureResult): Promise<Readable> {
  const stream = input instanceof Uint8Array ? Readable.from([Buffer.from(input)]) : Readable.from(input);
  const iterator = stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return Readable.from([]);
  const head = Buffer.from(first.value as Uint8Array);
  async function* rest() {
    yield head;
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) yield Buffer.from(r.value as Uint8Array);
  }
  const body = Readable.from(rest());
  if (head[0] === 0x1f && head[1] === 0x8b) {
    result.gzip = true;
    const gunzip = createGunzip();
    body.on('error', (e) => gunzip.destroy(e));
    return body.pipe(gunzip);
  }
  return body;
}

function describeReadError(error: unknown, lines: number): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/unexpected end of file/i.test(message)) return `the gzip stream is truncated after line ${lines}; the ${lines} lines before it were read`;
  if (/incorrect header check|invalid/i.test(message)) return `the gzip stream is corrupt after line ${lines}: ${message}`;
  return `reading stopped after line ${lines}: ${message}`;
}
