import 'server-only';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { startDemoRelay, type DemoRelayOptions } from './demo-relay-server';
import { DEMO_RELAY_USAGE } from './demo-relay-usage.mjs';
import { REPLAY_CACHE_CHARS } from './replay-source';

export { DEMO_RELAY_USAGE };

/**
 * `lockstep demo-relay`: runs the embedded demo relay on its own until SIGINT/SIGTERM, so that the hubble CLI,
 * Hubble UI or a separate Lockstep can connect to it.
 */

/** The command's options (node's `parseArgs`), each one described in {@link DEMO_RELAY_USAGE}. */
export const DEMO_RELAY_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  rate: { type: 'string' },
  seed: { type: 'string' },
  replay: { type: 'string', multiple: true },
  generator: { type: 'boolean' },
  'no-loop': { type: 'boolean' },
  'no-shift': { type: 'boolean' },
  speed: { type: 'string' },
  'lost-events-every': { type: 'string' },
  'max-speed': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** `--rate -1` as `--rate=-1`, so that a negative number is a bad value (explained) rather than an unknown option. */
function attachValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = /^--([a-z-]+)$/.exec(argv[i])?.[1] as keyof typeof DEMO_RELAY_OPTIONS | undefined;
    const valued = name !== undefined && DEMO_RELAY_OPTIONS[name]?.type === 'string';
    if (valued && i + 1 < argv.length && !argv[i + 1].startsWith('--')) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

/** Parses the command line into relay options, or an error message. */
export function parseDemoRelayArgs(argv: string[]): DemoRelayOptions | { error: string } | { help: true } {
  let parsed: { values: Partial<Record<keyof typeof DEMO_RELAY_OPTIONS, string | boolean | string[]>>; positionals: string[] };
  try {
    parsed = parseArgs({ args: attachValues(argv), options: DEMO_RELAY_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0] };
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  const replayFiles = [...((values.replay as string[] | undefined) ?? [])];
  if (positionals.length && replayFiles.length === 0) return { error: `unexpected argument ${positionals[0]}` };
  replayFiles.push(...positionals.filter((p) => !replayFiles.includes(p)));
  const numbers: Record<string, number> = {};
  for (const [name, fallback, min] of [['port', 4245, 0], ['rate', 40, 0.001], ['seed', 1, 0], ['speed', 1, 0.001], ['lost-events-every', 0, 1]] as const) {
    const raw = values[name] as string | undefined;
    const value = raw === undefined ? fallback : Number(raw);
    if (raw !== undefined && (raw.trim() === '' || !Number.isFinite(value) || value < min)) return { error: `--${name} must be a number ≥ ${min}, got ${raw}` };
    numbers[name] = value;
  }
  if (numbers.port > 65535 || !Number.isInteger(numbers.port)) return { error: `--port must be an integer 0-65535` };
  const generate = replayFiles.length === 0 || values.generator === true;
  return {
    host: (values.host as string | undefined) ?? '127.0.0.1',
    port: numbers.port,
    generator: generate ? { seed: numbers.seed, rate: numbers.rate } : false,
    replay: replayFiles.length ? { files: replayFiles, loop: !values['no-loop'], shiftTimes: !values['no-shift'], speed: numbers.speed, cacheChars: REPLAY_CACHE_CHARS } : undefined,
    lostEvents: values['lost-events-every'] !== undefined ? { everyMs: numbers['lost-events-every'] } : undefined,
    maxSpeed: values['max-speed'] === true,
  };
}

/** I/O of the command (tests replace it). */
export interface DemoRelayCommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when the relay should stop. Default: SIGINT or SIGTERM. */
  stopSignal?: Promise<unknown>;
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

const LATE_CHECK_MS = 5_000;
const SLIP_WARNING_MS = 250;

/** Runs `lockstep demo-relay`; resolves with the exit code after the relay stopped. */
export async function runDemoRelayCommand(argv: string[], io?: DemoRelayCommandIo): Promise<number> {
  const out = io?.stdout ?? ((t: string) => process.stdout.write(t));
  const err = io?.stderr ?? ((t: string) => process.stderr.write(t));
  const options = parseDemoRelayArgs(argv);
  if ('help' in options) {
    out(`${DEMO_RELAY_USAGE}\n`);
    return 0;
  }
  if ('error' in options) {
    err(`lockstep demo-relay: ${options.error}\n${DEMO_RELAY_USAGE}\n`);
    return 2;
  }
  const stopSignal = io?.stopSignal ?? untilSignal();
  const relay = await startDemoRelay(options);
  const sources = [
    options.generator ? `homelab generator (${options.generator.rate} flows/s, seed ${options.generator.seed})` : '',
    options.replay ? `replay of ${options.replay.files.join(', ')}` : '',
  ].filter(Boolean);
  out(`demo relay listening on ${relay.address}: ${sources.join(' + ')}; nodes ${relay.nodeNames.join(', ') || '(from the captures)'}\n`);
  out(`try: hubble observe --server ${relay.address} --follow\n`);
  // A replay that cannot keep its capture's pace offers fewer flows per second than the capture holds: say so.
  let slippedMs = 0;
  const lateTimer = setInterval(() => {
    const slipped = (relay.replaySlippedMs() ?? 0) - slippedMs;
    slippedMs += slipped;
    if (slipped >= SLIP_WARNING_MS) err(`replay fell ${(slipped / 1000).toFixed(1)} s behind its schedule in ${LATE_CHECK_MS / 1000} s: this machine played fewer flows per second than the capture holds\n`);
  }, LATE_CHECK_MS);
  lateTimer.unref();
  await stopSignal;
  clearInterval(lateTimer);
  const stats = relay.replayStats();
  if (stats?.bad) err(`skipped ${stats.bad} bad capture line(s); first: ${stats.badLines.map((b) => `${b.file}:${b.lineNumber} ${b.reason}`).slice(0, 3).join('; ')}\n`);
  await relay.stop();
  out('demo relay stopped\n');
  return 0;
}
