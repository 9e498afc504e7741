import fs from 'node:fs';
import { VERDICTS, type Flow, type Verdict } from '@/lib/flow/flow';
import { describeDestination, describeEventType, describePort, describeSource } from '@/lib/flow/describe';
import { CAPTURE_CHUNK_BYTES, readCapture } from '../captures/read-capture';
import { parseArgs } from './args';
import { READ_USAGE } from './usage.mjs';

/** The flags `lockstep read` accepts (each one in {@link READ_USAGE}). */
export const READ_FLAGS = { valued: ['verdict', 'namespace', 'o', 'output'], booleans: ['lenient', 'help', 'h'] };

/** `lockstep read`: prints the flows of capture files, normalised exactly as the live view sees them. */
export async function runReadCommand(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const args = parseArgs(argv, READ_FLAGS.valued, READ_FLAGS.booleans);
  if (!('error' in args) && (args.flags.has('help') || args.flags.has('h'))) {
    out.write(`${READ_USAGE}\n`);
    return 0;
  }
  if ('error' in args || args.positionals.length === 0) {
    err.write(`${'error' in args ? `lockstep read: ${args.error}\n` : ''}${READ_USAGE}\n`);
    return 2;
  }
  const verdict = (args.flags.get('verdict') as string | undefined)?.toUpperCase();
  if (verdict && !VERDICTS.includes(verdict as Verdict)) {
    err.write(`lockstep read: --verdict must be one of ${VERDICTS.join(', ')}\n`);
    return 2;
  }
  const namespace = args.flags.get('namespace') as string | undefined;
  const format = (args.flags.get('o') ?? args.flags.get('output') ?? 'compact') as string;
  if (!['compact', 'json', 'summary'].includes(format)) {
    err.write(`lockstep read: -o must be compact, json or summary\n`);
    return 2;
  }
  const counts: Record<string, number> = {};
  let failed = false;
  for (const file of args.positionals) {
    let stream: fs.ReadStream;
    try {
      await fs.promises.access(file, fs.constants.R_OK);
      stream = fs.createReadStream(file, { highWaterMark: CAPTURE_CHUNK_BYTES });
    } catch (error) {
      err.write(`lockstep read: ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? error})\n`);
      failed = true;
      continue;
    }
    const result = await readCapture(stream, {
      onFlow: (flow) => {
        if (verdict && flow.verdict !== verdict) return;
        if (namespace && flow.source.namespace !== namespace && flow.destination.namespace !== namespace) return;
        counts[flow.verdict] = (counts[flow.verdict] ?? 0) + 1;
        if (format === 'compact') out.write(compactLine(flow) + '\n');
        if (format === 'json') out.write(JSON.stringify(flow) + '\n');
      },
    });
    for (const p of result.problems) err.write(`${file}:${p.line}: ${p.reason}\n`);
    if (result.invalid > result.problems.length) err.write(`${file}: ${result.invalid - result.problems.length} more bad lines\n`);
    if (result.fatal) err.write(`${file}: ${result.fatal}\n`);
    if (result.invalid || result.fatal) failed = true;
  }
  if (format === 'summary') out.write(JSON.stringify({ verdicts: counts, flows: Object.values(counts).reduce((a, b) => a + b, 0) }, null, 2) + '\n');
  return failed && !args.flags.has('lenient') ? 2 : 0;
}

/** One flow as `hubble observe -o compact` prints it, roughly. */
export function compactLine(flow: Flow): string {
  const arrow = flow.isReply ? '<-' : '->';
  const reason = flow.dropReason ? ` (${flow.dropReason})` : '';
  return `${new Date(flow.time).toISOString()} [${flow.nodeName}] ${describeSource(flow)} ${arrow} ${describeDestination(flow)} ${describePort(flow)} ${describeEventType(flow)} ${flow.trafficDirection === 'TRAFFIC_DIRECTION_UNKNOWN' ? '' : flow.trafficDirection.toLowerCase() + ' '}${flow.verdict}${reason}`;
}
