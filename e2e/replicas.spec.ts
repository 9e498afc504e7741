import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './console-guard';

/**
 * SSE resume across replicas, with two real Lockstep servers (the production build, each its own process, hub and
 * database) behind one demo relay, as two replicas behind one Hubble Relay: a browser reads flows from replica A,
 * reconnects to replica B with A's Last-Event-ID, and gets every later flow once (no repeats, no skips).
 */
const base = Number(process.env.E2E_PORT ?? 3100);
const relayPort = base + 50;
const replicaPorts = [base + 10, base + 11];
const root = path.resolve(__dirname, '..');
const children: ChildProcess[] = [];

interface WireFlow {
  uuid: string;
  time: number;
  timeNanos: number;
}

/** Flow time as one comparable number of nanoseconds since the epoch. */
const at = (time: number, nanos: number) => BigInt(time) * 1_000_000n + BigInt(nanos);

function start(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', () => undefined);
  children.push(child);
  return child;
}

async function waitFor(url: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Reads the `flows` events of /api/stream for `ms`; returns the flows and the id of the last complete event. */
async function readFlows(port: number, ms: number, lastEventId?: string): Promise<{ flows: WireFlow[]; lastId?: string }> {
  const abort = new AbortController();
  const res = await fetch(`http://127.0.0.1:${port}/api/stream?flows=blog`, { signal: abort.signal, headers: lastEventId ? { 'last-event-id': lastEventId } : {} });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), Math.max(0, deadline - Date.now())))]);
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  abort.abort();
  const flows: WireFlow[] = [];
  let lastId: string | undefined;
  // Only complete events (ended by a blank line) count: the last one may have been cut by the abort.
  for (const block of text.split('\n\n').slice(0, -1)) {
    const lines = block.split('\n');
    if (!lines.includes('event: flows')) continue;
    const data = JSON.parse(lines.find((l) => l.startsWith('data: '))!.slice(6)) as { flows: WireFlow[] };
    flows.push(...data.flows);
    lastId = lines.find((l) => l.startsWith('id: '))?.slice(4) ?? lastId;
  }
  return { flows, lastId };
}

test.describe('SSE resume across two real replicas', () => {
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    start(['bin/lockstep.mjs', 'demo-relay', '--port', String(relayPort), '--rate', '200'], {});
    // Different backlogs: the replicas number the same flows differently (as replicas started at different times
    // do), so a bare sequence number sent to the other replica would skip or repeat flows.
    for (const [port, backlog] of [[replicaPorts[0], 2000], [replicaPorts[1], 50]]) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lockstep-replica-${port}-`));
      start(['scripts/server.mjs'], {
        PORT: String(port), HOSTNAME: '127.0.0.1', NODE_ENV: 'production', HUBBLE_RELAY_ADDR: `127.0.0.1:${relayPort}`, HUBBLE_BACKLOG_FLOWS: String(backlog),
        LOCKSTEP_DATA_DIR: dataDir, LOCKSTEP_KUBERNETES: 'off',
      });
    }
    await Promise.all(replicaPorts.map((port) => waitFor(`http://127.0.0.1:${port}/api/healthz`)));
  });

  test.afterAll(() => {
    for (const child of children.splice(0)) child.kill('SIGTERM');
  });

  test('a browser that reconnects to the other replica with Last-Event-ID gets neither repeats nor skips', async () => {
    test.setTimeout(120_000);
    const [a, b] = replicaPorts;
    // Both replicas are subscribed to the relay and have seen blog flows.
    await expect.poll(async () => (await readFlows(a, 1_500)).flows.length, { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await readFlows(b, 1_500)).flows.length, { timeout: 60_000 }).toBeGreaterThan(0);

    const first = await readFlows(a, 4_000);
    expect(first.lastId).toMatch(/^[A-Za-z0-9-]+\.\d+\.\d+\.\d+$/);
    // Flows keep arriving while the browser is away.
    await new Promise((r) => setTimeout(r, 2_000));
    const second = await readFlows(b, 4_000, first.lastId);
    expect(second.flows.length).toBeGreaterThan(0);
    expect(second.lastId!.split('.')[0], 'another replica answered').not.toBe(first.lastId!.split('.')[0]);

    // No repeats: B sends nothing A already sent, and nothing twice.
    const sent = new Set(first.flows.map((f) => f.uuid));
    expect(second.flows.filter((f) => sent.has(f.uuid))).toEqual([]);
    expect(new Set(second.flows.map((f) => f.uuid)).size).toBe(second.flows.length);
    // No skips: every blog flow B holds after A's cursor, up to the last one B sent, reached the browser. B's whole
    // history of blog is read by sequence number ('0', the id form of older servers), not by flow time.
    const [, , ms, nanos] = first.lastId!.split('.');
    const cursor = at(Number(ms), Number(nanos));
    expect(cursor).toBe(first.flows.map((f) => at(f.time, f.timeNanos)).reduce((x, y) => (y > x ? y : x)));
    const until = second.flows.map((f) => at(f.time, f.timeNanos)).reduce((x, y) => (y > x ? y : x));
    const history = (await readFlows(b, 3_000, '0')).flows;
    const expected = history.filter((f) => at(f.time, f.timeNanos) > cursor && at(f.time, f.timeNanos) <= until).map((f) => f.uuid).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(second.flows.map((f) => f.uuid).sort()).toEqual(expected);
  });
});
