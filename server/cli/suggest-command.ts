import fs from 'node:fs';
import path from 'node:path';
import { analyzeFindings } from '@/lib/analysis/analyze-flows';
import type { ExistingPolicySource } from '@/lib/policy/suggested-policy';
import os from 'node:os';
import { CAPTURE_CHUNK_BYTES, readCapture, type CaptureProblem } from '../captures/read-capture';
import { isGzipFile } from '../captures/capture-ranges';
import { readSplit, type WorkerModule } from './read-split';
import { parseArgs } from './args';
import { SUGGEST_USAGE } from './usage.mjs';
import { problemLines } from './problem-lines';
import { triageReport } from '@/lib/analysis/triage-report';
import { CaptureReduction } from './capture-reduction';
import { clusterEnv } from '../config';
import { describeAllowLocalhost, parseAllowLocalhost, type ClusterFacts } from '@/lib/policy/cluster-facts';

type Write = (text: string) => void;

/** Captures from this size on are read by worker threads (when there are two CPUs or more). */
const SPLIT_BYTES = 64 * 1024 * 1024;
const MAX_THREADS = 4;

/** Options of {@link runSuggestCommand} (tests force or prevent the worker-thread read with them). */
export interface SuggestOptions {
  /** Smallest capture read by worker threads. Default: 64 MiB. */
  splitBytes?: number;
  /** Worker threads for a big capture (fewer than 2: one pass). Default: the CPUs available, at most 4. */
  threads?: number;
  /** The worker threads' module (tests start one that fails). Default: see {@link readSplit}. */
  worker?: WorkerModule;
}

/** The flags `lockstep suggest` accepts (each one in {@link SUGGEST_USAGE}). */
export const SUGGEST_FLAGS = { valued: ['policies', 'namespace', 'allow-localhost', 'cluster-name'], booleans: ['no-evidence', 'fqdn-patterns', 'include-held', 'help', 'h'] };

/** `lockstep suggest`. */
export async function runSuggestCommand(
  argv: string[],
  out: Write = (t) => process.stdout.write(t),
  err: Write = (t) => process.stderr.write(t),
  options: SuggestOptions = {},
): Promise<number> {
  const args = parseArgs(argv, SUGGEST_FLAGS.valued, SUGGEST_FLAGS.booleans);
  if (!('error' in args) && (args.flags.has('help') || args.flags.has('h'))) {
    out(`${SUGGEST_USAGE}\n`);
    return 0;
  }
  if ('error' in args || args.positionals.length === 0) {
    err(`${'error' in args ? `lockstep suggest: ${args.error}\n` : ''}${SUGGEST_USAGE}\n`);
    return 2;
  }
  const cluster = clusterOptions(args.flags);
  if ('error' in cluster) {
    err(`lockstep suggest: ${cluster.error}\n`);
    return 2;
  }
  // Streamed: findings are built and flows reduced to verdict keys as lines are read; no flow list is kept.
  const split = args.positionals.length === 1 ? await readSplitIfBig(args.positionals[0], options, err) : undefined;
  if (split === false) return 2;
  const capture = split ?? new CaptureReduction();
  if (!split) {
    for (const file of args.positionals) {
      const ok = await readFlowsInto(file, capture, err);
      if (!ok) return 2;
    }
  }
  capture.flush();
  let policies: ExistingPolicySource[] = [];
  const policyPath = args.flags.get('policies') as string | undefined;
  if (policyPath) {
    try {
      policies = readPolicySources(policyPath);
    } catch (error) {
      err(`lockstep suggest: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const namespace = args.flags.get('namespace') as string | undefined;
  const findings = capture.findings.findings();
  const includeHeld = args.flags.has('include-held');
  const result = analyzeFindings(
    { findings, problems: capture.findings.problems(), accounting: capture.findings.accounting() },
    capture.keys.flows(),
    { namespace, existingPolicies: policies, evidenceComments: !args.flags.has('no-evidence'), fqdnPatterns: args.flags.has('fqdn-patterns'), now: Date.now(), cluster: cluster.facts, includeHeld, triageContext: capture.triage.finish(findings) },
  );
  out(result.patchYaml);
  err(`# read ${capture.keys.flowTotal} flows: ${capture.keys.size} verdict keys replayed (each evaluated once, counts multiplied)\n`);
  err(`# ${describeAllowLocalhost(result.cluster)}\n`);
  for (const ns of result.namespaces) {
    err(`# ${ns.namespace}: ${ns.findings.length} findings; would be dropped if enforced now: ${ns.replay.before.flows} flows before the patch, ${ns.replay.after.flows} after\n`);
    for (const line of triageReport(ns, { includeHeld })) err(`${line}\n`);
  }
  if (result.namespaces.length === 0) err(`# no AUDIT findings${namespace ? ` in namespace ${namespace}` : ''} in ${capture.keys.flowTotal} flows\n`);
  for (const line of problemLines(result.problems, result.lints)) err(`${line}\n`);
  return 0;
}

/** `--allow-localhost`/`--cluster-name`, else LOCKSTEP_ALLOW_LOCALHOST/LOCKSTEP_CLUSTER_NAME, else Cilium's defaults. */
function clusterOptions(flags: Map<string, string | true>): { facts: Partial<ClusterFacts> } | { error: string } {
  const env = clusterEnv();
  const flag = flags.get('allow-localhost') as string | undefined;
  const raw = flag ?? env.allowLocalhost;
  const allowLocalhost = parseAllowLocalhost(raw);
  if (raw !== undefined && !allowLocalhost) return { error: `${flag !== undefined ? '--allow-localhost' : 'LOCKSTEP_ALLOW_LOCALHOST'} must be auto, always or policy, got "${raw}"` };
  const clusterName = (flags.get('cluster-name') as string | undefined) ?? env.clusterName;
  return { facts: { allowLocalhost, clusterName, allowLocalhostSource: allowLocalhost ? 'user' : 'default' } };
}

/**
 * A big capture (one plain file of at least `splitBytes`, two or more CPUs) read by worker threads (read-split.ts):
 * the reduction, false when bad lines were reported, undefined when it is read in one pass instead.
 */
async function readSplitIfBig(file: string, options: SuggestOptions, err: Write): Promise<CaptureReduction | false | undefined> {
  const threads = options.threads ?? Math.min(os.availableParallelism(), MAX_THREADS);
  if (threads < 2) return undefined;
  let size: number;
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile() || stat.size < (options.splitBytes ?? SPLIT_BYTES) || (await isGzipFile(file))) return undefined;
    size = stat.size;
  } catch {
    return undefined; // the one-pass read reports it
  }
  const onWorkerFailure = (reason: string) => err(`# a worker thread failed (${reason}); reading ${file} in one pass instead\n`);
  const read = await readSplit(file, size, threads, { onWorkerFailure, worker: options.worker });
  if (!read) return undefined;
  if ('capture' in read) return read.capture;
  err(badLines(file, read.invalid, read.first));
  return false;
}

function badLines(file: string, invalid: number, first: CaptureProblem): string {
  return `lockstep suggest: ${file}:${first.line}: ${first.reason}${invalid > 1 ? ` (and ${invalid - 1} more bad lines)` : ''}\n`;
}

async function readFlowsInto(file: string, capture: CaptureReduction, err: Write): Promise<boolean> {
  let stream: fs.ReadStream;
  try {
    await fs.promises.access(file, fs.constants.R_OK);
    stream = fs.createReadStream(file, { highWaterMark: CAPTURE_CHUNK_BYTES });
  } catch (error) {
    err(`lockstep suggest: ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? error})\n`);
    return false;
  }
  const result = await readCapture(stream, { onFlow: (flow) => capture.add(flow) });
  if (result.fatal) {
    err(`lockstep suggest: ${file}: ${result.fatal}\n`);
    return false;
  }
  if (result.invalid > 0) {
    err(badLines(file, result.invalid, result.problems[0]));
    return false;
  }
  return true;
}

/** Reads a policy file, or every .yaml/.yml file under a directory (sorted, for deterministic output). */
export function readPolicySources(target: string): ExistingPolicySource[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new Error(`${target}: cannot read`);
  }
  const files = stat.isDirectory() ? walk(target).filter((f) => /\.ya?ml$/i.test(f)).sort() : [target];
  return files.map((file) => ({ name: stat.isDirectory() ? path.relative(target, file) : path.basename(file), text: fs.readFileSync(file, 'utf8') }));
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
