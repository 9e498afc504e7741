/**
 * `npm run bench:ingest`: flows per second through the bridge (gRPC decode, translation to the Flow model,
 * de-duplication, the flow hub, and fan-out to one SSE client), with CPU time and peak RSS, over 1,000,000 flows
 * from the demo relay in max-speed mode (run in a child process, i.e. on the other core). As the limit, the raw
 * decode rate of the same messages without gRPC (protobuf decode + translation).
 *
 *   npm run bench:ingest [-- --flows 1000000] [--relay-port 4245]
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import net from 'node:net';
import { FlowHub } from '../server/live/flow-hub';
import { createLiveStream } from '../server/live/sse-stream';
import { createLockstepMetrics } from '../server/metrics';
import { createRelayClient } from '../server/hubble/relay-client';
import { FlowSubscription } from '../server/hubble/flow-subscription';
import { measureRawDecode } from './raw-decode';

const arg = (name: string) => process.argv.find((_, i) => process.argv[i - 1] === `--${name}`);
const total = Number(arg('flows') ?? 1_000_000);
const root = path.resolve(__dirname, '..');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

async function main(): Promise<void> {
  const port = Number(arg('relay-port') ?? (await freePort()));
  const relay = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join(root, 'server/cli/main.ts'), 'demo-relay', '--port', String(port), '--max-speed'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => relay.stdout!.on('data', (d) => String(d).includes(String(port)) && resolve()));
  const hub = new FlowHub();
  const metrics = createLockstepMetrics();
  // One browser: an SSE stream of the busiest namespace, read as fast as it comes.
  const abort = new AbortController();
  const sse = createLiveStream({ hub, metrics, status: () => ({}), namespace: 'traefik', signal: abort.signal }).getReader();
  let sseBytes = 0;
  void (async () => {
    for (let r = await sse.read(); !r.done; r = await sse.read()) sseBytes += r.value.byteLength;
  })();
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const rssAt: number[] = [];
  const client = createRelayClient(`127.0.0.1:${port}`, { enabled: false, caCertFiles: [], clientCertFile: undefined, clientKeyFile: undefined, serverName: undefined, allowInsecure: false });
  let count = 0;
  let startCpu = process.cpuUsage();
  let startTime = 0;
  const done = new Promise<number>((resolve) => {
    const sub = new FlowSubscription(client, `127.0.0.1:${port}`, {
      backlog: 0,
      onFlow: (flow) => {
        if (count === 0) {
          startTime = performance.now();
          startCpu = process.cpuUsage();
        }
        hub.ingest(flow);
        count += 1;
        if (count % 100_000 === 0) rssAt.push(process.memoryUsage().rss);
        if (count === total) {
          sub.stop();
          resolve(performance.now() - startTime);
        }
      },
    });
    sub.start();
  });
  const ms = await done;
  const cpu = process.cpuUsage(startCpu);
  clearInterval(sampler);
  abort.abort();
  relay.kill();
  client.close();
  const raw = measureRawDecode(200_000);
  const mb = (n: number) => Math.round(n / 1048576);
  console.log(JSON.stringify({
    flows: total,
    seconds: +(ms / 1000).toFixed(2),
    flowsPerSecond: Math.round(total / (ms / 1000)),
    cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
    cpuCoresUsed: +((cpu.user + cpu.system) / 1000 / ms).toFixed(2),
    peakRssMiB: mb(peakRss),
    rssEvery100kMiB: rssAt.map(mb),
    sseBytes,
    sseSkipped: metrics.get('lockstep_flows_skipped_total'),
    rawDecodeFlowsPerSecond: raw.flowsPerSecond,
    rawDecodeOnly: raw.decodeOnlyPerSecond,
    wireDecoderFlowsPerSecond: raw.wireDecoderPerSecond,
  }, null, 2));
  process.exit(0);
}

void main();
