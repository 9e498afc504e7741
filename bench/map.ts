/**
 * `npm run bench:map`: the pages in Chromium (Playwright) against the production build on the embedded demo relay
 * (issue #14, browser half):
 * - content: navigation to the landing page's namespaces with counts, and to a namespace's map with its nodes
 *   drawn, on the homelab demo (several runs, fresh tab each);
 * - the map of a namespace of 50 and of 300 workloads (~350 and ~2,100 edges) while flows arrive at about
 *   5,000/s: first full render, frame times (p50/p95/p99/max) and the live map feed's volume (graph events, kB/s)
 *   while updates arrive, browser heap after a soak. The first full render is measured as a user meets it: the
 *   server already holds the map (every workload and drawn edge), a fresh tab opens it, and it counts once every
 *   workload and every one of those edges is on the canvas (`firstRenderMs`). The first definition is reported too
 *   (`firstRenderAtReadyMs`): a tab opened as soon as the server is ready, while it still loads the capture and
 *   takes in its first edges, counted once every workload is drawn;
 * - relay to screen at 10,000 flows/s offered: a flow's time at the relay (the replay stamps flows when it sends
 *   them) to the moment its row is in the flow table's DOM. The replaying relay runs in its own process, as a
 *   Hubble relay does (`--embedded-relay`: inside Lockstep's process, where replaying 10,000 flows/s takes the
 *   main thread's time from the app); the flows Lockstep took in over the window (and the relay's lost events) say
 *   whether the relay really offered that rate.
 *
 *   npm run bench:map      (builds first when there is no production build)
 *   npm run bench:map -- --soak 600    (heap after a 10-minute soak; default 60 s; or MAP_BENCH_SOAK_S=600)
 *   npm run bench:map -- --only content,map,relay --workloads 300    (some parts only; default all, 50 and 300)
 *   npm run bench:map -- --profile    (CPU profile of the first full render and the frames: top self times)
 *   npm run bench:map -- --only relay --embedded-relay    (relay to screen with the replay inside Lockstep)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const root = path.resolve(__dirname, '..');
const RATE = 5000;
const SECONDS_OF_CAPTURE = 12;
const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const SOAK_S = Number(arg('soak') ?? process.env.MAP_BENCH_SOAK_S ?? 60);
const ONLY = new Set((arg('only') ?? 'content,map,relay').split(','));
const WORKLOADS = (arg('workloads') ?? '50,300').split(',').map(Number);
const PROFILE = args.includes('--profile');
const EMBEDDED_RELAY = args.includes('--embedded-relay');

function capture(workloads: number, rate = RATE): string {
  const file = path.join(root, 'test-results', `map-bench-${workloads}-${rate}.jsonl`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const edgesPerWorkload = workloads >= 300 ? 7 : 7;
  const lines: string[] = [];
  const start = Date.UTC(2026, 10, 1);
  const total = rate * SECONDS_OF_CAPTURE;
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
    const t = new Date(start + i * (1000 / rate)).toISOString();
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

async function startApp(replay: string | undefined, relayAddress?: string): Promise<{ url: string; app: ChildProcess }> {
  // MAP_BENCH_PORT: a fixed port (on a shared machine, one from your own range); default: any free one.
  const port = Number(process.env.MAP_BENCH_PORT) || (await freePort());
  const demo = relayAddress ? { HUBBLE_RELAY_ADDR: relayAddress, HUBBLE_TLS: 'false' } : replay ? { LOCKSTEP_DEMO_REPLAY: replay } : {};
  const app = spawn(process.execPath, ['scripts/start.mjs'], { cwd: root, env: { ...process.env, PORT: String(port), HOSTNAME: '127.0.0.1', ...demo, LOCKSTEP_DATA_DIR: path.join(root, 'test-results', `map-bench-data-${port}`) }, stdio: 'ignore' });
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

/** `lockstep demo-relay --replay <capture>` in its own process; resolves with its address once it listens. */
async function startRelay(replay: string): Promise<{ address: string; relay: ChildProcess }> {
  // MAP_BENCH_RELAY_PORT: as MAP_BENCH_PORT, for the relay.
  const port = Number(process.env.MAP_BENCH_RELAY_PORT) || (await freePort());
  const relay = spawn(process.execPath, ['bin/lockstep.mjs', 'demo-relay', '--port', String(port), '--replay', replay], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    relay.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('listening on')) resolve();
    });
    relay.once('exit', (code) => reject(new Error(`the demo relay exited (${code}) before listening`)));
  });
  return { address: `127.0.0.1:${port}`, relay };
}

/** Counters from the app's /metrics (Prometheus text), summed over their label sets. */
async function counters(url: string, names: string[]): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  for (const line of text.split('\n')) {
    const name = /^([a-z_]+)[{ ]/.exec(line)?.[1];
    if (name && name in out) out[name] += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return out;
}

async function stopApp(app: ChildProcess): Promise<void> {
  const exited = new Promise((r) => app.once('exit', r));
  app.kill('SIGTERM');
  await exited;
}

/** Once the server's map of namespace bench has `workloads` workloads and 7 drawn edges each: the peer pairs it holds. */
async function serverHolds(url: string, workloads: number): Promise<number> {
  for (;;) {
    const graph = (await (await fetch(`${url}/api/namespaces/bench/graph?window=1h`)).json()) as { nodes: { kind: string }[]; edges: { source: string; target: string }[] };
    const pairs = new Set(graph.edges.map((e) => `${e.source}\n${e.target}`)).size;
    if (graph.nodes.filter((n) => n.kind === 'workload').length >= workloads && pairs >= workloads * 7) return pairs;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Opens the map in a fresh tab and waits until cytoscape holds every workload (and `edges` drawn edges, when given)
 * and the frame that draws them has run. Without `edges` (the first definition): ms from before navigation to the
 * frame after the one that holds them, as seen from here. With `edges`: ms from navigation start to the end of the
 * frame that drew them, read in the page (a task posted from that frame's animation callback runs once it is
 * painted), so a later task does not count. Also the renderer main thread's CPU and the HTML's first byte.
 */
async function openMap(browser: Browser, url: string, workloads: number, edges = 0) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, bypassCSP: true });
  const cdp = await page.context().newCDPSession(page);
  // Thread ticks: TaskDuration is the renderer main thread's CPU time (comparable on a loaded machine).
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const cpuMs = async () => Math.round(((await cdp.send('Performance.getMetrics')).metrics as { name: string; value: number }[]).find((m) => m.name === 'TaskDuration')!.value * 1000);
  const cy = `document.querySelector('[data-testid="service-map"]')?._cyreg?.cy`;
  const full = `(${cy}?.nodes('.kind-workload').length ?? 0) >= ${workloads} && (${cy}?.edges().length ?? 0) >= ${edges}`;
  // Live map feed volume: characters of `graph` events (snapshot and deltas) as the page receives them.
  await page.addInitScript(`(() => {
    window.__graph = { events: 0, chars: 0 };
    const Original = window.EventSource;
    window.EventSource = class extends Original {
      constructor(...args) {
        super(...args);
        super.addEventListener('graph', (e) => { window.__graph.events++; window.__graph.chars += String(e.data).length; });
      }
    };
    const check = () => {
      if (!(${full})) return requestAnimationFrame(check);
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { window.__fullRender = performance.now(); };
      channel.port2.postMessage(0);
    };
    requestAnimationFrame(check);
  })()`);
  const cpu0 = await cpuMs();
  if (PROFILE && edges) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  const t0 = Date.now();
  await page.goto(`${url}/namespaces/bench?tab=map`);
  await page.waitForFunction(full, undefined, { timeout: 120_000, polling: 'raf' });
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => r(0)))');
  const wallMs = Date.now() - t0;
  const firstRenderMs = edges ? Math.round(Number(await (await page.waitForFunction('window.__fullRender')).jsonValue())) : wallMs;
  const cpu = (await cpuMs()) - cpu0;
  const htmlFirstByteMs = Math.round(Number(await page.evaluate(`performance.getEntriesByType('navigation')[0].responseStart`)));
  return { page, cdp, cpuMs, firstRenderMs, cpu, htmlFirstByteMs };
}

async function measure(browser: Browser, url: string, workloads: number) {
  // The bench's first definition (kept to compare): the tab opens as soon as the server is ready, while it still
  // loads the capture and takes in its first edges, and the render counts once every workload is drawn.
  const atReady = await openMap(browser, url, workloads);
  await atReady.page.close();
  // What a user meets: a map the server already holds, opened in a fresh tab; the render counts once every
  // workload and every drawn edge the server held is on the canvas.
  const edges = await serverHolds(url, workloads);
  const { page, cdp, cpuMs, firstRenderMs, cpu, htmlFirstByteMs } = await openMap(browser, url, workloads, edges);
  const cpu1 = await cpuMs();
  if (PROFILE) {
    printProfile(`${workloads} workloads, first full render`, (await cdp.send('Profiler.stop')).profile);
    await cdp.send('Profiler.start');
  }
  const graph0: { events: number; chars: number } = await page.evaluate('({ ...window.__graph })');
  const graphT0 = Date.now();
  // A string, not a function: tsx would wrap a function with helpers the page does not have (hence bypassCSP:
  // the page's CSP has no unsafe-eval, and Playwright evaluates string predicates).
  const frames: number[] = await page.evaluate(`new Promise((resolve) => {
    const out = [];
    let last = performance.now();
    const end = last + 10000;
    const tick = (now) => { out.push(now - last); last = now; if (now < end) requestAnimationFrame(tick); else resolve(out); };
    requestAnimationFrame(tick);
  })`);
  const cpu2 = await cpuMs();
  const graph1: { events: number; chars: number } = await page.evaluate('({ ...window.__graph })');
  const graphFeed10s = { events: graph1.events - graph0.events, kBPerSecond: +((graph1.chars - graph0.chars) / 10 / 1000).toFixed(1) };
  const counts = await page.getByTestId('map-counts').innerText();
  if (PROFILE) printProfile(`${workloads} workloads, 10 s of frames`, (await cdp.send('Profiler.stop')).profile);
  await page.waitForTimeout(Math.max(0, SOAK_S * 1000 - 10_000));
  const graph2: { events: number; chars: number } = await page.evaluate('({ ...window.__graph })');
  const graphSeconds = (Date.now() - graphT0) / 1000;
  const graphFeedSoak = { seconds: Math.round(graphSeconds), events: graph2.events - graph0.events, kBPerSecond: +((graph2.chars - graph0.chars) / graphSeconds / 1000).toFixed(1) };
  await cdp.send('HeapProfiler.collectGarbage');
  const metrics = (await cdp.send('Performance.getMetrics')).metrics as { name: string; value: number }[];
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  const sorted = [...frames].sort((a, b) => a - b);
  const pct = (p: number) => +sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(1);
  await page.close();
  return { workloads, map: counts, firstRenderMs, htmlFirstByteMs, firstRenderAtReadyMs: atReady.firstRenderMs, mainThreadCpuMs: { firstRender: cpu, firstRenderAtReady: atReady.cpu, frames10s: cpu2 - cpu1 }, graphFeed10s, graphFeedSoak, frames: frames.length, frameMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), max: pct(1) }, longFramesOver50ms: frames.filter((f) => f > 50).length, framesOver200ms: frames.filter((f) => f > 200).length, jsHeapMiB: Math.round(heap / 1048576), heapAfterSeconds: Math.max(SOAK_S, 10) };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** The top self times of a CDP CPU profile (stderr), by function and script. */
function printProfile(title: string, profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  (profile.samples ?? []).forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').at(-1)}:${lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.error(`-- ${title}: ${Math.round(total)} ms sampled`);
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.error(`${ms.toFixed(0).padStart(7)} ms  ${key}`);
}

const MAP_DRAWN = `(() => { const cy = document.querySelector('[data-testid="service-map"]')?._cyreg?.cy; return cy && cy.nodes().length > 0 && performance.now(); })()`;
const NAMESPACES_SHOWN = `(() => [...document.querySelectorAll('[data-testid^="namespace-"] [data-testid="verdict-FORWARDED"]')].some((b) => /[1-9]/.test(b.textContent ?? '')) && performance.now())()`;

/** Navigation start to content, in ms (performance.now() in the page when the content is there), and FCP. */
async function contentTime(browser: Browser, url: string, ready: string): Promise<{ contentMs: number; fcpMs: number }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(ready, undefined, { timeout: 60_000, polling: 'raf' });
  const contentMs = Math.round(Number(await handle.jsonValue()));
  const fcpMs = Math.round(Number(await page.evaluate(`performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1`)));
  await context.close();
  return { contentMs, fcpMs };
}

async function measureContent(browser: Browser): Promise<Record<string, unknown>> {
  const { url, app } = await startApp(undefined);
  try {
    await new Promise((r) => setTimeout(r, 5000)); // some demo traffic first
    const runs = (target: string, ready: string) => Array.from({ length: 5 }).reduce<Promise<{ contentMs: number; fcpMs: number }[]>>(async (acc) => [...(await acc), await contentTime(browser, target, ready)], Promise.resolve([]));
    const landing = await runs(`${url}/`, NAMESPACES_SHOWN);
    const map = await runs(`${url}/namespaces/argocd?tab=map`, MAP_DRAWN);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return {
      landingNamespacesMs: { median: median(landing.map((r) => r.contentMs)), runs: landing.map((r) => r.contentMs), fcpMedian: median(landing.map((r) => r.fcpMs)) },
      mapNodesDrawnMs: { median: median(map.map((r) => r.contentMs)), runs: map.map((r) => r.contentMs), fcpMedian: median(map.map((r) => r.fcpMs)) },
    };
  } finally {
    await stopApp(app);
  }
}

/** Relay time (flow.time, stamped by the replay when sent) to the flow's row in the DOM, at `rate` flows/s. */
async function measureRelayToScreen(browser: Browser, rate: number): Promise<Record<string, unknown>> {
  const file = capture(50, rate);
  const relay = EMBEDDED_RELAY ? undefined : await startRelay(file);
  const { url, app } = await startApp(file, relay?.address).catch(async (error: unknown) => {
    if (relay) await stopApp(relay.relay);
    throw error;
  });
  const COUNTERS = ['lockstep_flows_ingested_total', 'lockstep_lost_events_total', 'lockstep_flows_skipped_total'];
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    // Server half of the lag: when each `flows` batch reaches the page, its newest flow's age (the event id is a
    // stream cursor ending in that flow's time; nothing is parsed twice).
    await page.addInitScript(`(() => {
      window.__sseLags = [];
      const Original = window.EventSource;
      window.EventSource = class extends Original {
        constructor(...args) {
          super(...args);
          super.addEventListener('flows', (e) => { const t = Number(String(e.lastEventId).split('.')[2]); if (t) window.__sseLags.push(Date.now() - t); });
        }
      };
    })()`);
    await page.goto(`${url}/namespaces/bench?tab=flows`);
    await page.getByTestId('flow-row').first().waitFor({ timeout: 120_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const cpuMs = async () => Math.round(((await cdp.send('Performance.getMetrics')).metrics as { name: string; value: number }[]).find((m) => m.name === 'TaskDuration')!.value * 1000);
    await page.evaluate('window.__sseLags.length = 0');
    const cpu0 = await cpuMs();
    const before = await counters(url, COUNTERS);
    const lags: number[] = await page.evaluate(`new Promise((resolve) => {
      const lags = [];
      const observer = new MutationObserver((records) => {
        const now = Date.now();
        for (const r of records) for (const n of r.addedNodes) {
          const t = n.nodeType === 1 ? Number(n.getAttribute('data-time')) : 0;
          if (t) lags.push(now - t);
        }
      });
      observer.observe(document.querySelector('[data-testid="flow-row"]').parentElement, { childList: true });
      setTimeout(() => { observer.disconnect(); resolve(lags); }, 15000);
    })`);
    const mainThreadCpuMs15s = (await cpuMs()) - cpu0;
    const after = await counters(url, COUNTERS);
    const perSecond = (name: string) => Math.round((after[name] - before[name]) / 15);
    const sseLags: number[] = await page.evaluate('window.__sseLags');
    await page.close();
    const pcts = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? -1;
      return { p50: pct(0.5), p95: pct(0.95), max: pct(1) };
    };
    const taken = { ingestedPerSecond: perSecond('lockstep_flows_ingested_total'), relayLostPerSecond: perSecond('lockstep_lost_events_total'), skippedForThePagePerSecond: perSecond('lockstep_flows_skipped_total') };
    return { offeredFlowsPerSecond: rate, relay: EMBEDDED_RELAY ? 'embedded' : 'own process', ...taken, rowsObserved: lags.length, lagMs: pcts(lags), mainThreadCpuMs15s, batchesAtThePage: sseLags.length, newestFlowOfBatchAtThePageMs: pcts(sseLags) };
  } finally {
    await stopApp(app);
    if (relay) await stopApp(relay.relay);
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) spawnSync('npx', ['next', 'build'], { cwd: root, stdio: 'inherit' });
  const executablePath = ['/usr/bin/chromium', process.env.LOCKSTEP_CHROMIUM].find((p) => p && fs.existsSync(p));
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const content = ONLY.has('content') ? await measureContent(browser) : undefined;
  const results = [];
  for (const workloads of ONLY.has('map') ? WORKLOADS : []) {
    const { url, app } = await startApp(capture(workloads));
    try {
      results.push(await measure(browser, url, workloads));
    } finally {
      await stopApp(app);
    }
  }
  const relayToScreen = ONLY.has('relay') ? await measureRelayToScreen(browser, 10_000) : undefined;
  await browser.close();
  console.log(JSON.stringify({ content, map: { flowsPerSecond: RATE, results }, relayToScreen }, null, 2));
}

void main();
