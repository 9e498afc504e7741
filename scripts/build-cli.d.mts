/** See build-cli.mjs. */
export function buildCli(root: string, outdir?: string): Promise<{ startedAt: number; inputs: string[] }>;
