import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_RELAY_OPTIONS, DEMO_RELAY_USAGE } from '../demo-relay/demo-relay-command';
import { READ_FLAGS } from './read-command';
import { HELP, READ_USAGE, SUGGEST_USAGE, helpFor } from './usage.mjs';
import { SUGGEST_FLAGS } from './suggest-command';

const flag = (name: string) => (name.length === 1 ? `-${name}` : `--${name}`);
const mentions = (text: string, name: string) => new RegExp(`(^|[\\s\\[|])${flag(name)}\\b`).test(text);

describe('lockstep --help', () => {
  const commands = [
    { name: 'read', usage: READ_USAGE, flags: [...READ_FLAGS.valued, ...READ_FLAGS.booleans] },
    { name: 'suggest', usage: SUGGEST_USAGE, flags: [...SUGGEST_FLAGS.valued, ...SUGGEST_FLAGS.booleans] },
    { name: 'demo-relay', usage: DEMO_RELAY_USAGE, flags: Object.keys(DEMO_RELAY_OPTIONS) },
  ];

  it.each(commands)('$name --help names every flag the command accepts', ({ usage, flags }) => {
    for (const name of flags) expect(mentions(usage, name), flag(name)).toBe(true);
  });

  it.each(commands)('lockstep --help names every flag of $name', ({ name, flags }) => {
    expect(HELP).toContain(`  ${name} `);
    for (const f of flags.filter((f) => f !== 'help' && f !== 'h')) expect(mentions(HELP, f), `${name} ${flag(f)}`).toBe(true);
  });
});

describe('help without tsx (bin/lockstep.mjs prints the usage texts itself)', () => {
  const root = path.resolve(__dirname, '../..');
  const run = (args: string[]) =>
    new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve, reject) => {
      execFile(process.execPath, args, { cwd: root, env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json') } }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ stdout, stderr, code: error ? (error.code as number) : 0 });
      });
    });
  const viaBin = (argv: string[]) => run([path.join(root, 'bin/lockstep.mjs'), ...argv]);
  const viaTsx = (argv: string[]) => run(['--conditions=react-server', '--import', 'tsx', path.join(root, 'server/cli/main.ts'), ...argv]);
  const helpCalls = [[], ['help'], ['--help'], ['-h'], ['read', '--help'], ['suggest', '-h'], ['demo-relay', '--help'], ['demo-relay', '-h']];

  it('answers exactly the help calls, and nothing that must reach a command', () => {
    for (const argv of helpCalls) expect(helpFor(argv), argv.join(' ')).toBeDefined();
    for (const argv of [['read', 'x.json'], ['read', '--help', 'x.json'], ['suggest', '--bogus', '--help'], ['nope', '--help'], ['help', 'read']]) expect(helpFor(argv), argv.join(' ')).toBeUndefined();
  });

  it('prints what the TypeScript CLI prints, with the same exit code', async () => {
    const pairs = await Promise.all(helpCalls.map(async (argv) => ({ argv, bin: await viaBin(argv), tsx: await viaTsx(argv) })));
    for (const { argv, bin, tsx } of pairs) {
      expect(tsx.stdout.length, argv.join(' ')).toBeGreaterThan(100);
      expect(bin, argv.join(' ')).toEqual(tsx);
    }
  }, 60_000);
});
