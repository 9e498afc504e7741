import { runReadCommand } from './read-command';
import { runSuggestCommand } from './suggest-command';

const HELP = `lockstep: the Cilium policy audit-mode rollout dashboard

commands:
  demo-relay [--port 4245] [--host 127.0.0.1] [--rate N] [--seed N] [--replay file ...]
                                   run the embedded Hubble demo relay on its own (a real gRPC Observer server)
  read <capture> [...]             print the flows of jsonpb captures / exporter files (gzip too)
  suggest <capture> [...] [--policies <file-or-dir>] [--namespace <ns>] [--no-evidence]
                                   CiliumNetworkPolicy patch for the AUDIT verdicts (YAML on stdout)
  help                             this text

The dashboard itself: npm start (production build) or npm run demo.`;

/** Dispatches `npx lockstep <command>`. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'demo-relay': {
      const { runDemoRelayCommand } = await import('../demo-relay/demo-relay-command');
      return runDemoRelayCommand(rest);
    }
    case 'read':
      return runReadCommand(rest);
    case 'suggest':
      return runSuggestCommand(rest);
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
