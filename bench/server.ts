/**
 * `npm run bench:server`: the whole server as users run it. It starts the production build (`node scripts/start.mjs`,
 * SQLite persistence in a temporary data directory) against a demo relay in max-speed mode (its own process: every
 * follow stream gets flows as fast as it reads), connects one map client (`/api/stream?graph=<ns>:1h`)
 * and one flow-table client (`/api/stream?flows=<ns>`) over SSE, and samples `/metrics` and the server
 * process (CPU time and RSS from /proc) every second until `--flows` flows have been counted by
 * `lockstep_flows_ingested_total` after a warm-up. Then, against the same relay, a bare grpc-js client reads the
 * same messages without decoding them: the limit, and the ratio server ÷ limit.
 *
 *   npm run build && npm run bench:server [-- --flows 2000000] [--warmup 200000] [--port 3700] [--relay-port 3701] [--cpu-prof dir] [--max-minutes 30] [--server-log file] [--trace-gc]
 *
 * `--flows 10000000 --warmup 1000000` is the RSS run: RSS is reported at the start (after the warm-up), the middle
 * and the end, with each thread's heap; `warmupRssMiB` shows the ramp before (heaps and allocator arenas reach
 * their working size in the first second or so at full speed).
 *
 * Linux only (reads /proc). `--cpu-prof dir` runs the server with `node --cpu-prof` and writes the profile there;
 * `--server-log file` keeps the server's output; with `--trace-gc` it holds each thread's heap after every collection
 * (started like `--cpu-prof`, node refuses --trace-gc in NODE_OPTIONS).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const arg = (name: string, fallback: string) => process.argv.find((_, i) => process.argv[i - 1] === `--${name}`) ?? fallback;
const total = Number(arg('flows', '2000000'));
const warmup = Number(arg('warmup', '200000'));
const port = Number(arg('port', '3700'));
const relayPort = Number(arg('relay-port', String(port + 1)));
const namespace = arg('namespace', 'traefik');
const cpuProf = process.argv.includes('--cpu-prof') ? path.resolve(arg('cpu-prof', 'bench-profile')) : undefined;
const limitSeconds = Number(arg('limit-seconds', '10'));
const maxMinutes = Number(arg('max-minutes', '30'));
const serverLog = process.argv.includes('--server-log') ? path.resolve(arg('server-log', 'bench-server.log')) : undefined;
const traceGc = process.argv.includes('--trace-gc');
const base = `http://127.0.0.1:${port}`;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const children: ChildProcess[] = [];
/** The server's output, kept for `--server-log` and for the error report. */
const log: string[] = [];

interface Sample {
  at: number;
  ingested: number;
  cpuSeconds: number;
  rssMiB: number;
  metrics: Map<string, number>;
}

function waitForOutput(child: ChildProcess, text: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (d: Buffer) => {
      seen += String(d);
      if (seen.includes(text)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`${what} exited (${code}) before it was ready:\n${seen.slice(-2000)}`)));
  });
}

/** The server process under `scripts/start.mjs` (which only forwards signals). */
function serverPid(launcher: ChildProcess): number {
  const children = fs.readFileSync(`/proc/${launcher.pid}/task/${launcher.pid}/children`, 'utf8').trim().split(/\s+/);
  return Number(children[0]);
}

function processStats(pid: number): { cpuSeconds: number; rssMiB: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuSeconds, rssMiB: rss ? Math.round(Number(rss[1]) / 1024) : 0 };
}

/** Sums every series of each metric (labels dropped); each labelled series is kept under its full name too. */
async function scrape(): Promise<Map<string, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const name = line.slice(0, line.search(/[{ ]/));
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    values.set(name, (values.get(name) ?? 0) + value);
    if (line[name.length] === '{') values.set(line.slice(0, line.lastIndexOf(' ')), value);
  }
  return values;
}

async function waitUntilUp(server: ChildProcess): Promise<void> {
  for (let i = 0; i < 600 && server.exitCode === null; i++) {
    try {
      if ((await fetch(`${base}/api/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(server.exitCode === null ? 'the server did not come up in 120 s' : `the server exited (${server.exitCode})`);
}

/** One SSE client reading as fast as the server sends; counts bytes and `flows` events. */
function connectSse(url: string, signal: AbortSignal): { bytes: number; events: number; flows: number; done: Promise<void> } {
  const stats = { bytes: 0, events: 0, flows: 0, done: Promise.resolve() };
  stats.done = (async () => {
    const response = await fetch(url, { signal, headers: { accept: 'text/event-stream' } });
    if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status}`);
    const decoder = new TextDecoder();
    let pending = '';
    try {
      const reader = response.body.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        const chunk = r.value;
        stats.bytes += chunk.byteLength;
        pending += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const event = pending.slice(0, end);
          pending = pending.slice(end + 2);
          stats.events++;
          if (event.includes('event: flows\n')) {
            const data = event.slice(event.indexOf('data: ') + 6);
            stats.flows += (JSON.parse(data) as { flows: unknown[] }).flows.length;
          }
        }
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    }
  })();
  return stats;
}

/**
 * RSS at the start (first sample after the warm-up), the middle (first sample past half the flows) and the end,
 * the range, and whether the middle and the end stay within ±10 % of the start (#14's "flat").
 */
function rssSummary(run: Sample[], middleFlows: number) {
  const rss = run.map((s) => s.rssMiB);
  const start = rss[0];
  const middle = run.find((s) => s.ingested >= middleFlows)?.rssMiB ?? start;
  const end = rss.at(-1) ?? start;
  const change = (v: number) => +(((v - start) / start) * 100).toFixed(1);
  const min = Math.min(...rss);
  const max = Math.max(...rss);
  return {
    start, middle, end, min, max,
    changePercent: { middle: change(middle), end: change(end), min: change(min), max: change(max) },
    // Flat: every sample of the run within ±10 % of the start, not only the middle and the end.
    flat: Math.abs(change(min)) <= 10 && Math.abs(change(max)) <= 10,
    everyTenth: rss.filter((_, i) => i % 10 === 0),
  };
}

/** Each thread's V8 heap (live, held from the system) and memory outside it, MiB, at one sample. */
function threadMemory(sample: Sample) {
  const mib = (name: string, thread: string) => Math.round((sample.metrics.get(`${name}{thread="${thread}"}`) ?? 0) / 1048576);
  const of = (thread: string) => ({ heapUsed: mib('lockstep_heap_used_bytes', thread), heapTotal: mib('lockstep_heap_total_bytes', thread), external: mib('lockstep_heap_external_bytes', thread) });
  return { rss: sample.rssMiB, main: of('main'), ingest: of('ingest') };
}

function runLimit(address: string): Promise<{ messages: number; seconds: number; perSecond: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/grpc-limit.ts'), address, String(limitSeconds)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`grpc-limit exited ${code}`)))));
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) throw new Error('no production build: run `npm run build` first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-bench-server-'));
  const relay = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join(root, 'server/cli/main.ts'), 'demo-relay', '--port', String(relayPort), '--max-speed'], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(relay);
  await waitForOutput(relay, String(relayPort), 'the demo relay');
  const relayAddress = `127.0.0.1:${relayPort}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOSTNAME: '127.0.0.1', HUBBLE_RELAY_ADDR: relayAddress, LOCKSTEP_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  // `npm start` (scripts/start.mjs) as users run it; with --cpu-prof or --trace-gc the server script it starts, with
  // those flags (node refuses them in NODE_OPTIONS) and the environment start.mjs would give it.
  const nodeFlags = [...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : []), ...(traceGc ? ['--trace-gc'] : [])];
  const launcher = nodeFlags.length
    ? spawn(process.execPath, [...nodeFlags, path.join(root, 'scripts/server.mjs')], { cwd: root, env: { ...env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(launcher);
  for (const s of [launcher.stdout!, launcher.stderr!]) s.on('data', (d) => log.push(String(d)));
  launcher.on('exit', (code, signal) => log.push(`[bench] the server exited: code ${code}, signal ${signal}\n`));
  await waitUntilUp(launcher).catch((error: Error) => {
    throw new Error(`${error.message}; server output:\n${log.join('').slice(-3000)}`);
  });
  const pid = nodeFlags.length ? launcher.pid! : serverPid(launcher);
  const abort = new AbortController();
  const map = connectSse(`${base}/api/stream?graph=${namespace}:1h`, abort.signal);
  const table = connectSse(`${base}/api/stream?flows=${namespace}`, abort.signal);

  const samples: Sample[] = [];
  const sample = async (): Promise<Sample> => {
    const metrics = await scrape();
    const s = { at: performance.now(), ingested: metrics.get('lockstep_flows_ingested_total') ?? 0, ...processStats(pid), metrics };
    samples.push(s);
    return s;
  };
  let start: Sample | undefined;
  let end: Sample | undefined;
  const begin = () => start as Sample;
  const deadline = Date.now() + maxMinutes * 60_000;
  while (!end) {
    await new Promise((r) => setTimeout(r, 1000));
    const s = await sample();
    if (!start && s.ingested >= warmup) start = s;
    else if (start && s.ingested - start.ingested >= total) end = s;
    if (Date.now() > deadline) throw new Error(`gave up after ${maxMinutes} minutes at ${s.ingested} flows`);
    if (samples.length % 10 === 0) process.stderr.write(`  ${s.ingested.toLocaleString('en-US')} flows, RSS ${s.rssMiB} MiB\n`);
  }
  abort.abort();
  launcher.kill('SIGTERM');
  await new Promise((r) => launcher.once('exit', r));
  const limit = await runLimit(relayAddress);
  relay.kill();

  const run = samples.filter((s) => s.at >= begin().at && s.at <= end!.at);
  const first = begin();
  const seconds = (end.at - first.at) / 1000;
  const flows = end.ingested - first.ingested;
  const perSecond = Math.round(flows / seconds);
  const cpu = end.cpuSeconds - first.cpuSeconds;
  const m = end.metrics;
  const result = {
    flows,
    seconds: +seconds.toFixed(1),
    flowsPerSecond: perSecond,
    cpuSecondsPerMillionFlows: +((cpu / flows) * 1e6).toFixed(2),
    cpuCoresUsed: +(cpu / seconds).toFixed(2),
    rssMiB: rssSummary(run, first.ingested + flows / 2),
    warmupRssMiB: samples.filter((s) => s.at < first.at).map((s) => ({ flows: s.ingested, rss: s.rssMiB })),
    memoryMiB: {
      start: threadMemory(first),
      middle: threadMemory(run.find((s) => s.ingested >= first.ingested + flows / 2) ?? end),
      end: threadMemory(end),
    },
    lostEvents: m.get('lockstep_lost_events_total') ?? 0,
    sseSkipped: m.get('lockstep_flows_skipped_total') ?? 0,
    duplicates: m.get('lockstep_flows_duplicate_total') ?? 0,
    invalidMessages: m.get('lockstep_relay_invalid_messages_total') ?? 0,
    relayReconnects: m.get('lockstep_relay_reconnects_total') ?? 0,
    ingest: {
      persistedPerSecond: Math.round(((m.get('lockstep_ingest_flows_total') ?? 0) - (first.metrics.get('lockstep_ingest_flows_total') ?? 0)) / seconds),
      flowsTotal: m.get('lockstep_ingest_flows_total') ?? 0,
      dropped: m.get('lockstep_ingest_dropped_total') ?? 0,
      rereads: m.get('lockstep_ingest_rereads_total') ?? 0,
      batches: m.get('lockstep_ingest_batches_total') ?? 0,
      threadRestarts: m.get('lockstep_ingest_worker_restarts_total') ?? 0,
    },
    sse: { map: { bytes: map.bytes, events: map.events, flows: map.flows }, flowTable: { bytes: table.bytes, events: table.events, flows: table.flows } },
    grpcLimit: limit,
    ratioToLimit: +(perSecond / limit.perSecond).toFixed(2),
    cpuProfileDir: cpuProf,
  };
  console.log(JSON.stringify(result, null, 2));
  if (serverLog) fs.writeFileSync(serverLog, log.join(''));
  if (log.some((l) => /error/i.test(l))) process.stderr.write(`server log (errors):\n${log.filter((l) => /error/i.test(l)).join('').slice(-3000)}\n`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  if (serverLog) fs.writeFileSync(serverLog, log.join(''));
  process.stderr.write(`server output (last 3000 characters):\n${log.join('').slice(-3000)}\n`);
  for (const child of children) child.kill('SIGTERM');
  process.exit(1);
});
