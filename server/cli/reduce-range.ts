import 'server-only';
import fs from 'node:fs';
import { CAPTURE_CHUNK_BYTES, readCapture, type CaptureProblem } from '../captures/read-capture';
import type { CaptureRange } from '../captures/capture-ranges';
import { CaptureReduction } from './capture-reduction';

/** One range's job (read-split.ts). */
export interface RangeTask extends CaptureRange {
  file: string;
}

/** One range read: its line count and first bad line (numbered within the range), and its reduction. */
export interface RangeRead {
  lines: number;
  invalid: number;
  problem: CaptureProblem | undefined;
  fatal: string | undefined;
  capture: CaptureReduction;
}

/** Reads one byte range of a capture with the capture reader and reduces its flows. */
export async function reduceRange(task: RangeTask): Promise<RangeRead> {
  const capture = new CaptureReduction();
  const stream = fs.createReadStream(task.file, { start: task.start, end: task.end - 1, highWaterMark: CAPTURE_CHUNK_BYTES });
  const result = await readCapture(stream, { onFlow: (flow) => capture.add(flow), maxProblems: 1 });
  capture.flush();
  return { lines: result.lines, invalid: result.invalid, problem: result.problems[0], fatal: result.fatal, capture };
}
