/**
 * `npm run bench:hostile`: hostile uploads against the running production server (the security review's probes):
 * a 10 MB gzip that inflates to 10 GiB of zeros to POST /api/captures (once, then two at once), and a 200 MB
 * chunked body (no Content-Length) to POST /api/analyze. Reports the answer and how long it took, the server's RSS
 * before, at peak and after, and /api/healthz latency while it happens (polled every 50 ms).
 *
 *   npm run build && npm run bench:hostile      (BENCH_PORT, default 3301; the server is started and stopped here)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip, constants } from 'node:zlib';

const root = path.resolve(__dirname, '..');
const port = Number(process.env.BENCH_PORT ?? 3301);
const MiB = 1024 * 1024;

/** The 10 GiB-of-zeros gzip, made once and kept in the temp directory (~10 MB). */
async function gzipBomb(): Promise<string> {
  const file = path.join(os.tmpdir(), 'lockstep-bench-bomb-10GiB.gz');
  if (fs.existsSync(file)) return file;
  const zeros = Buffer.alloc(4 * MiB);
  let left = (10 * 1024) / 4;
  const source = new Readable({ read() { this.push(left-- > 0 ? zeros : null); } });
  await pipeline(source, createGzip({ level: constants.Z_BEST_COMPRESSION }), fs.createWriteStream(`${file}.part`));
  fs.renameSync(`${file}.part`, file);
  return file;
}

function rssMiB(pid: number): number {
  // 0 once the server has exited (a last sample can fire while it stops).
  if (!fs.existsSync(`/proc/${pid}/status`)) return 0;
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

function request(method: string, urlPath: string, body?: (req: http.ClientRequest) => void, headers: http.OutgoingHttpHeaders = {}): Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d.slice(0, 2000)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, ms: Math.round(performance.now() - started) }));
    });
    // The server may answer 413 and close while we are still sending: that is the point.
    req.on('error', (e) => (e.message.includes('EPIPE') || e.message.includes('ECONNRESET') ? undefined : reject(e)));
    if (body) body(req);
    else req.end();
  });
}

/** Polls healthz and RSS while `work` runs. */
async function measure<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; healthzMaxMs: number; healthzP50Ms: number; rssPeak: number }> {
  let done = false;
  const latencies: number[] = [];
  let rssPeak = rssMiB(pid);
  const poll = (async () => {
    while (!done) {
      const r = await request('GET', '/api/healthz');
      latencies.push(r.ms);
      rssPeak = Math.max(rssPeak, rssMiB(pid));
      await new Promise((res) => setTimeout(res, 50));
    }
  })();
  const result = await work();
  done = true;
  await poll;
  latencies.sort((a, b) => a - b);
  return { result, healthzMaxMs: latencies.at(-1) ?? 0, healthzP50Ms: latencies[Math.floor(latencies.length / 2)] ?? 0, rssPeak };
}

function sendFile(file: string) {
  return (req: http.ClientRequest) => fs.createReadStream(file).pipe(req);
}

function sendChunked(total: number) {
  return (req: http.ClientRequest) => {
    const line = Buffer.from(`${'{"flow":{"verdict":"AUDIT"}}'.padEnd(1023, ' ')}\n`);
    const chunk = Buffer.concat(Array.from({ length: 1024 }, () => line));
    let sent = 0;
    const write = () => {
      while (sent < total) {
        sent += chunk.length;
        if (req.destroyed) return;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  };
}

async function main(): Promise<void> {
  const bomb = await gzipBomb();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-bench-hostile-'));
  const server = spawn(process.execPath, [path.join(root, 'scripts', 'server.mjs')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOSTNAME: '127.0.0.1', LOCKSTEP_DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (let i = 0; ; i++) {
      if (i > 600) throw new Error('the server did not start');
      const ok = await request('GET', '/api/healthz').then((r) => r.status === 200, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 3000));
    const pid = server.pid!;
    const rows: string[] = [];
    const run = async (name: string, work: () => Promise<{ status: number; text: string; ms: number }[]>) => {
      const before = rssMiB(pid);
      const m = await measure(pid, work);
      await new Promise((r) => setTimeout(r, 2000));
      const after = rssMiB(pid);
      const answers = m.result.map((r) => `${r.status} in ${r.ms} ms`).join(', ');
      rows.push(`| ${name} | ${answers} | ${before} → ${m.rssPeak} → ${after} MiB | ${m.healthzP50Ms} / ${m.healthzMaxMs} ms |`);
      console.log(rows.at(-1));
      for (const r of m.result) console.log(`    ${r.text.slice(0, 200)}`);
    };
    const gz = { 'content-type': 'application/gzip' };
    console.log(`gzip bomb: ${(fs.statSync(bomb).size / MiB).toFixed(1)} MB inflating to 10 GiB; server pid ${pid}`);
    console.log('| probe | answer | RSS before → peak → after | healthz p50 / max |');
    console.log('|---|---|---|---|');
    await run('idle (baseline, 3 s)', async () => {
      await new Promise((r) => setTimeout(r, 3000));
      return [];
    });
    await run('gzip bomb → POST /api/captures', () => Promise.all([request('POST', '/api/captures', sendFile(bomb), gz)]));
    await run('two gzip bombs at once', () => Promise.all([request('POST', '/api/captures', sendFile(bomb), gz), request('POST', '/api/captures', sendFile(bomb), gz)]));
    await run('200 MB chunked → POST /api/analyze', () => Promise.all([request('POST', '/api/analyze', sendChunked(200 * MiB), { 'transfer-encoding': 'chunked' })]));
    await run('200 MB chunked → PUT policies', () => Promise.all([request('PUT', '/api/namespaces/blog/policies?name=x.yaml', sendChunked(200 * MiB), { 'transfer-encoding': 'chunked' })]));
  } finally {
    server.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
