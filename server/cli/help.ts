/**
 * `lockstep --help`: every command with every flag. Kept apart from the commands so that help loads nothing
 * else (the commands load the analysis code only when they run); cli-help.test.ts checks it against each
 * command's own usage and flag list.
 */
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
