/**
 * `npm run bench:map`: the service map in Chromium (Playwright) on a namespace of 50 and of 300 workloads
 * (~330 and ~2,000 edges) while flows arrive at about 5,000/s: time to first full render, frame times while
 * updates arrive, and browser memory. The production build is served on the embedded demo relay, which replays a
 * generated capture of that namespace in a loop.
 *
 *   npm run bench:map      (builds first when there is no production build)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const root = path.resolve(__dirname, '..');
const RATE = 5000;
const SECONDS_OF_CAPTURE = 12;

function capture(workloads: number): string {
  const file = path.join(root, 'test-results', `map-bench-${workloads}.jsonl`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const edgesPerWorkload = workloads >= 300 ? 7 : 7;
  const lines: string[] = [];
  const start = Date.UTC(2026, 10, 1);
  const total = RATE * SECONDS_OF_CAPTURE;
  for (let i = 0; i < total; i++) {
    const src = i % workloads;
    const k = Math.floor(i / workloads) % edgesPerWorkload;
    const dst = (src * 7 + k * 13 + 1) % workloads;
    const port = 8000 + (k % 3);
    const r = (i * 2654435761) % 100;
    const verdict = r < 10 ? 'AUDIT' : r < 15 ? 'DROPPED' : 'FORWARDED';
    const ep = (n: number) => ({
      ID: 1000 + n, identity: 30000 + n, namespace: 'bench', pod_name: `svc-${n}-6d8f7c9b5-${String(i % 5).padStart(5, 'q')}`,
      labels: [`k8s:app.kubernetes.io/name=svc-${n}`, 'k8s:io.kubernetes.pod.namespace=bench'], workloads: [{ name: `svc-${n}`, kind: 'Deployment' }],
    });
    const t = new Date(start + i * (1000 / RATE)).toISOString();
    lines.push(JSON.stringify({
      flow: {
        time: t, uuid: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`, verdict, ...(verdict === 'DROPPED' ? { drop_reason_desc: 'POLICY_DENIED' } : {}),
        IP: { source: `10.1.${src >> 8}.${src & 255}`, destination: `10.2.${dst >> 8}.${dst & 255}`, ipVersion: 'IPv4' },
        l4: { TCP: { source_port: 30000 + (i % 30000), destination_port: port, flags: { SYN: true } } },
        source: ep(src), destination: ep(dst), Type: 'L3_L4', node_name: 'bench/node-1', event_type: { type: 5 }, traffic_direction: 'EGRESS', is_reply: false,
      },
      node_name: 'bench/node-1', time: t,
    }));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function startApp(replay: string): Promise<{ url: string; app: ChildProcess }> {
  const port = await freePort();
  const app = spawn(process.execPath, ['scripts/start.mjs'], { cwd: root, env: { ...process.env, PORT: String(port), HOSTNAME: '127.0.0.1', LOCKSTEP_DEMO_REPLAY: replay, LOCKSTEP_DATA_DIR: path.join(root, 'test-results', `map-bench-data-${port}`) }, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${url}/api/readyz`)).ok) return { url, app };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the app did not become ready');
}

async function measure(browser: Browser, url: string, workloads: number) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const t0 = Date.now();
  await page.goto(`${url}/namespaces/bench?tab=map`);
  await page.waitForFunction(`Number(/(\\d+) nodes/.exec(document.querySelector('[data-testid="map-counts"]')?.textContent ?? '')?.[1] ?? 0) >= ${workloads}`, undefined, { timeout: 120_000, polling: 100 });
  const firstRenderMs = Date.now() - t0;
  // A string, not a function: tsx would wrap a function with helpers the page does not have.
  const frames: number[] = await page.evaluate(`new Promise((resolve) => {
    const out = [];
    let last = performance.now();
    const end = last + 10000;
    const tick = (now) => { out.push(now - last); last = now; if (now < end) requestAnimationFrame(tick); else resolve(out); };
    requestAnimationFrame(tick);
  })`);
  const counts = await page.getByTestId('map-counts').innerText();
  const metrics = (await cdp.send('Performance.getMetrics')).metrics as { name: string; value: number }[];
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  const sorted = [...frames].sort((a, b) => a - b);
  const pct = (p: number) => +sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(1);
  await page.close();
  return { workloads, map: counts, firstRenderMs, frames: frames.length, frameMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), max: pct(1) }, longFramesOver50ms: frames.filter((f) => f > 50).length, jsHeapMiB: Math.round(heap / 1048576) };
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) spawnSync('npx', ['next', 'build'], { cwd: root, stdio: 'inherit' });
  const executablePath = ['/usr/bin/chromium', process.env.LOCKSTEP_CHROMIUM].find((p) => p && fs.existsSync(p));
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const results = [];
  for (const workloads of [50, 300]) {
    const { url, app } = await startApp(capture(workloads));
    try {
      results.push(await measure(browser, url, workloads));
    } finally {
      app.kill('SIGTERM');
    }
  }
  await browser.close();
  console.log(JSON.stringify({ flowsPerSecond: RATE, results }, null, 2));
}

void main();
