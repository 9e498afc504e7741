import { HELP } from './usage.mjs';

/** Dispatches `npx lockstep <command>`. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'demo-relay': {
      const { runDemoRelayCommand } = await import('../demo-relay/demo-relay-command');
      return runDemoRelayCommand(rest);
    }
    // Each command loads its own code when it runs, so that `lockstep --help` loads nothing.
    case 'read':
      return (await import('./read-command')).runReadCommand(rest);
    case 'suggest':
      return (await import('./suggest-command')).runSuggestCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP + '\n');
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`lockstep: unknown command "${command}"\n\n${HELP}\n`);
      return 2;
  }
}

// `lockstep read big.json | head` closes stdout early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`lockstep: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
