import 'server-only';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { protoRoot } from '../server/hubble/proto';
import { startDemoRelay } from '../server/demo-relay/demo-relay-server';

/**
 * Measures how many flows per second the demo relay's max-speed mode delivers to one client on loopback.
 * The client runs in a worker thread (its own core): `h2` counts gRPC messages on a bare HTTP/2 stream (what
 * the server emits), `grpc-js` is a plain Observer client decoding every message (what a Node consumer gets).
 *
 *   node --conditions=react-server --import tsx bench/max-speed-bench.ts [seconds]
 */

const H2_CLIENT = `
const http2 = require('node:http2');
const { workerData, parentPort } = require('node:worker_threads');
const session = http2.connect('http://' + workerData.address);
const req = session.request({ ':method': 'POST', ':path': '/observer.Observer/GetFlows', 'content-type': 'application/grpc', te: 'trailers' });
req.end(Buffer.from([0, 0, 0, 0, 2, 0x18, 0x01])); // GetFlowsRequest { follow: true }
let messages = 0, bytes = 0, pending = Buffer.alloc(0), started = 0;
req.on('data', (chunk) => {
  if (!started) started = performance.now();
  bytes += chunk.length;
  const buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
  let o = 0;
  while (buf.length - o >= 5) { const len = buf.readUInt32BE(o + 1); if (buf.length - o < 5 + len) break; o += 5 + len; messages++; }
  pending = buf.subarray(o);
});
setTimeout(() => { const s = (performance.now() - started) / 1000; parentPort.postMessage({ perSecond: messages / s, mbPerSecond: bytes / s / 1e6 }); session.destroy(); }, workerData.seconds * 1000);
`;

const GRPC_CLIENT = `
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');
const path = require('node:path');
const { workerData, parentPort } = require('node:worker_threads');
const def = loader.loadSync(path.join(workerData.protoRoot, 'observer/observer.proto'), { keepCase: true, longs: Number, enums: String, defaults: false, oneofs: true, includeDirs: [workerData.protoRoot] });
const Observer = grpc.loadPackageDefinition(def).observer.Observer;
const client = new Observer(workerData.address, grpc.credentials.createInsecure());
const stream = client.GetFlows({ follow: true });
let messages = 0, started = 0;
stream.on('data', () => { if (!started) started = performance.now(); messages++; });
stream.on('error', () => {});
setTimeout(() => { parentPort.postMessage({ perSecond: messages / ((performance.now() - started) / 1000) }); stream.cancel(); client.close(); }, workerData.seconds * 1000);
`;

/** One measurement. */
export interface MaxSpeedMeasurement {
  client: 'h2' | 'grpc-js';
  transport: 'direct' | 'grpc';
  perSecond: number;
}

/** Runs one client against a fresh max-speed relay for `seconds`. */
export async function measureMaxSpeed(client: 'h2' | 'grpc-js', transport: 'direct' | 'grpc', seconds = 5): Promise<MaxSpeedMeasurement> {
  const relay = await startDemoRelay({ port: 0, backfillMs: 0, maxSpeed: { transport } });
  try {
    const worker = new Worker(client === 'h2' ? H2_CLIENT : GRPC_CLIENT, { eval: true, workerData: { address: relay.address, seconds, protoRoot: protoRoot() } });
    const [result] = (await once(worker, 'message')) as [{ perSecond: number }];
    await worker.terminate();
    return { client, transport, perSecond: Math.round(result.perSecond) };
  } finally {
    await relay.stop();
  }
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 5);
  for (const [client, transport] of [['h2', 'direct'], ['grpc-js', 'direct'], ['h2', 'grpc'], ['grpc-js', 'grpc']] as const) {
    const m = await measureMaxSpeed(client, transport, seconds);
    process.stdout.write(`client ${m.client.padEnd(7)} transport ${m.transport.padEnd(6)} ${m.perSecond.toLocaleString('en-US')} flows/s\n`);
  }
}

if (require.main === module) void main();
