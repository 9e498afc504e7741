import 'server-only';
import { parentPort, workerData } from 'node:worker_threads';
import type { RangeResult } from './read-split';
import { reduceRange, type RangeTask } from './reduce-range';

/** Worker thread (read-split.ts): reads one range of a capture and posts its reduction's state. */
void reduceRange(workerData.task as RangeTask).then(({ capture, ...read }) => {
  const result: RangeResult = { ...read, state: capture.state() };
  parentPort!.postMessage(result);
});
