import 'server-only';
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { CAPTURE_CHUNK_BYTES, readCapture } from '../captures/read-capture';
import { CaptureReduction } from './capture-reduction';
import type { RangeResult, RangeTask } from './read-split';

/** Worker thread: reads one byte range of a capture, reduces it and posts the reduction (see read-split.ts). */
async function reduceRange(task: RangeTask): Promise<RangeResult> {
  const capture = new CaptureReduction();
  const stream = fs.createReadStream(task.file, { start: task.start, end: task.end - 1, highWaterMark: CAPTURE_CHUNK_BYTES });
  const result = await readCapture(stream, { onFlow: (flow) => capture.add(flow), maxProblems: 1 });
  return { lines: result.lines, invalid: result.invalid, problem: result.problems[0], fatal: result.fatal, state: capture.state() };
}

void reduceRange(workerData.task as RangeTask).then((result) => parentPort!.postMessage(result));
