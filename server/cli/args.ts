/**
 * A small argv parser for the CLI: `--flag value`, `--flag=value`, boolean `--flag`, and positionals.
 * Unknown flags are errors, so a typo never silently changes what a command does.
 */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/** Flag names that take a value; all others are booleans. */
export function parseArgs(argv: string[], valued: string[], booleans: string[] = []): ParsedArgs | { error: string } {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const [rawName, inline] = arg.replace(/^--?/, '').split(/=(.*)/s, 2);
    if (valued.includes(rawName)) {
      const value = inline ?? argv[++i];
      if (value === undefined) return { error: `--${rawName} needs a value` };
      flags.set(rawName, value);
    } else if (booleans.includes(rawName)) {
      flags.set(rawName, true);
    } else {
      return { error: `unknown option ${arg}` };
    }
  }
  return { positionals, flags };
}
