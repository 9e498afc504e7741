// The CLI's usage texts, in plain JavaScript: bin/lockstep.mjs prints them for `lockstep --help` and
// `lockstep <command> --help` without starting TypeScript (tsx), and the commands print the same texts
// (cli-help.test.ts checks each text names every flag its command accepts, and that both paths agree).

import { DEMO_RELAY_USAGE } from '../demo-relay/demo-relay-usage.mjs';

/** `lockstep --help`: every command with every flag. */
export const HELP = `lockstep: the Cilium policy audit-mode rollout dashboard

commands:
  demo-relay [--port 4245] [--host 127.0.0.1] [--rate 40] [--seed 1] [--replay file ...] [--generator]
             [--no-loop] [--no-shift] [--speed 1] [--lost-events-every ms] [--max-speed]
      run the embedded Hubble demo relay on its own (a real gRPC Observer, health and peer server)
  read <capture> [...] [--verdict AUDIT] [--namespace ns] [-o|--output compact|json|summary] [--lenient]
      print the flows of jsonpb captures / exporter files (gzip too)
  suggest <capture> [...] [--policies <file-or-dir>] [--namespace <ns>] [--no-evidence] [--fqdn-patterns] [--include-held]
          [--allow-localhost auto|always|policy] [--cluster-name <name>]
      CiliumNetworkPolicy patch for the AUDIT verdicts (YAML on stdout; findings, held findings and warnings on stderr)
  help
      this text

lockstep <command> --help explains a command's flags.
The dashboard itself: npm start (production build) or npm run demo.`;

/** `lockstep read --help`. */
export const READ_USAGE = `usage: lockstep read <capture> [<capture> ...] [--verdict AUDIT] [--namespace ns] [-o|--output compact|json|summary] [--lenient] [-h|--help]

Reads hubble observe -o jsonpb captures and Hubble exporter files (gzip too) and prints the flows.
Exits 2 when a file cannot be read or has a bad line (its number and the reason go to stderr), unless --lenient.`;

/** `lockstep suggest --help`. */
export const SUGGEST_USAGE = `usage: lockstep suggest <flows.jsonl> [...] [--policies <file-or-dir>] [--namespace <ns>] [--no-evidence] [--fqdn-patterns] [--include-held] [-h|--help]
                       [--allow-localhost auto|always|policy] [--cluster-name <name>]

Turns the AUDIT verdicts of hubble observe -o jsonpb captures into CiliumNetworkPolicy patches.
The patch (multi-document YAML) goes to stdout; findings, replay numbers, lints and warnings go to stderr.
--allow-localhost and --cluster-name are the values of cilium-config's allow-localhost and cluster-name
(also LOCKSTEP_ALLOW_LOCALHOST, LOCKSTEP_CLUSTER_NAME). Default: always (what auto becomes in Kubernetes
mode: the node reaches its pods, kubelet probes included, whatever the policy says) and default; AUDIT
verdicts from the host in the capture prove policy.
Findings that look like an intrusion (triage severity high) are held: left out of the patch and listed on stderr
with their reasons; --include-held puts them in. Stderr also accounts for every AUDIT verdict per namespace.
Exits 0 on success, 2 when a capture or policy file cannot be read or a capture line is corrupt.`;

const COMMAND_USAGE = { read: READ_USAGE, suggest: SUGGEST_USAGE, 'demo-relay': DEMO_RELAY_USAGE };

/**
 * What `lockstep <argv>` prints when it asks only for help (`lockstep`, `lockstep help|--help|-h`,
 * `lockstep <command> --help|-h`): the text (for stdout) and the exit code, exactly as server/cli/main.ts and
 * the commands answer; undefined for anything else (the command runs).
 * @param {string[]} argv
 * @returns {{ text: string; code: number } | undefined}
 */
export function helpFor(argv) {
  const [command, ...rest] = argv;
  if (argv.length <= 1 && (command === undefined || command === 'help' || command === '--help' || command === '-h')) {
    return { text: `${HELP}\n`, code: command === undefined ? 2 : 0 };
  }
  if (rest.length === 1 && (rest[0] === '--help' || rest[0] === '-h') && Object.hasOwn(COMMAND_USAGE, command)) {
    return { text: `${COMMAND_USAGE[command]}\n`, code: 0 };
  }
  return undefined;
}
