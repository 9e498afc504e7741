/**
 * Integration tests of the relay bridge against the embedded demo relay over real gRPC on loopback: flows arrive
 * translated; a relay that drops its streams or restarts is resumed with `since` and no duplicates and no gap;
 * bad addresses give clear errors, counters and no hang.
 */
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import http from 'node:http';
import type { Flow } from '@/lib/flow/flow';
import { startDemoRelay, type DemoRelay } from '../demo-relay/demo-relay-server';
import { createRelayClient, toTimestamp, type RelayObserverClient } from './relay-client';
import { FlowSubscription, type SubscriptionState } from './flow-subscription';
import type { RelayErrorInfo } from './relay-client';
import { toRelayEvent } from './to-flow';
import type { RelayTlsConfig } from '../config';

const PLAINTEXT: RelayTlsConfig = { enabled: false, caCertFiles: [], clientCertFile: undefined, clientKeyFile: undefined, serverName: undefined, allowInsecure: false };
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function subscribe(address: string, tls = PLAINTEXT, extra: { backlog?: number } = {}) {
  const client = createRelayClient(address, tls);
  const flows: Flow[] = [];
  const states: { state: SubscriptionState; error?: RelayErrorInfo }[] = [];
  const sub = new FlowSubscription(client, address, {
    backlog: extra.backlog ?? 0,
    dialTimeoutMs: 1000,
    initialBackoffMs: 100,
    maxBackoffMs: 400,
    onFlow: (f) => flows.push(f),
    onState: (state, error) => states.push({ state, error }),
  });
  sub.start();
  cleanups.push(() => {
    sub.stop();
    client.close();
  });
  return { sub, flows, states, client };
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every flow the relay holds since `sinceMs`, read with a plain non-follow GetFlows. */
function relayHistory(client: RelayObserverClient, sinceMs: number): Promise<Flow[]> {
  return new Promise((resolve, reject) => {
    const out: Flow[] = [];
    const call = client.GetFlows({ since: toTimestamp(sinceMs), follow: false });
    call.on('data', (m: unknown) => {
      const e = toRelayEvent(m);
      if (e.kind === 'flow') out.push(e.flow);
    });
    call.on('end', () => resolve(out));
    call.on('error', reject);
  });
}

async function demoRelay(options: Parameters<typeof startDemoRelay>[0] = {}): Promise<DemoRelay> {
  const relay = await startDemoRelay({ port: 0, rate: 300, seed: 7, backfillMs: 0, ...options });
  cleanups.push(() => relay.stop());
  return relay;
}

describe('relay bridge on the demo relay', () => {
  it('receives live flows translated with the fields the UI shows', async () => {
    const relay = await demoRelay();
    const { flows, sub } = subscribe(relay.address);
    // 200 flows, and until a reply and a DNS flow have come (the homelab's mix no longer puts one in every first 200).
    await until(() => flows.length >= 200 && flows.some((f) => f.isReply === true) && flows.some((f) => f.l7?.dns !== undefined), 15_000);
    expect(sub.state).toBe('connected');
    const audit = flows.find((f) => f.verdict === 'AUDIT')!;
    expect(audit).toBeDefined();
    expect(audit.eventType).toBe(5);
    expect(['INGRESS', 'EGRESS']).toContain(audit.trafficDirection);
    expect(audit.source.labels.length + audit.destination.labels.length).toBeGreaterThan(0);
    expect(audit.nodeName).toMatch(/^homelab\/node-\d$/);
    expect(flows.some((f) => f.isReply === true)).toBe(true);
    expect(flows.some((f) => f.l7?.dns)).toBe(true);
  });

  it('resumes after the relay drops every stream: no duplicates and no gap', async () => {
    const relay = await demoRelay();
    const started = Date.now();
    const { flows, sub, client } = subscribe(relay.address);
    await until(() => flows.length >= 150);
    relay.closeAllStreams();
    await until(() => sub.counters.reconnects >= 1);
    const afterDrop = flows.length;
    await until(() => flows.length >= afterDrop + 150 && sub.state === 'connected');
    const uuids = flows.map((f) => f.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);
    // The resumed stream re-sent flows we had (from `since` = the newest one on), and they were dropped.
    expect(sub.counters.duplicatesDropped).toBeGreaterThan(0);
    // No gap: every flow the relay holds between our first and last flow reached us.
    const first = Math.min(...flows.map((f) => f.time));
    const last = Math.max(...flows.map((f) => f.time));
    const history = (await relayHistory(client, Math.max(first, started))).filter((f) => f.time <= last - 50);
    const got = new Set(uuids);
    const missing = history.filter((f) => !got.has(f.uuid));
    expect(history.length).toBeGreaterThan(200);
    expect(missing).toEqual([]);
  });

  it('survives a relay that is killed and started again on the same port', async () => {
    const relay = await demoRelay();
    const { flows, sub, states } = subscribe(relay.address);
    await until(() => flows.length >= 100);
    const port = relay.port;
    await relay.stop();
    await until(() => states.some((s) => s.state === 'reconnecting'));
    const reconnecting = states.find((s) => s.state === 'reconnecting')!;
    expect(reconnecting.error?.code).toMatch(/UNAVAILABLE|STREAM_ENDED|CANCELLED|CONNECT_TIMEOUT/);
    const before = flows.length;
    await demoRelay({ port, seed: 8 });
    await until(() => sub.state === 'connected' && flows.length >= before + 100);
    const uuids = flows.map((f) => f.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);
  });
});

describe('relay bridge on bad input', () => {
  it('reports an unreachable address with a hint and keeps retrying without crashing', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((r) => server.close(r));
    const { sub, states } = subscribe(`127.0.0.1:${port}`);
    await until(() => sub.counters.reconnects >= 2);
    expect(sub.state).toBe('reconnecting');
    expect(states.at(-1)?.error?.message).toMatch(/127\.0\.0\.1/);
  });

  it('times out on a port that accepts connections but never answers (no hang)', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    cleanups.push(() => {
      sockets.forEach((s) => s.destroy());
      return new Promise((r) => silent.close(r));
    });
    const { sub } = subscribe(`127.0.0.1:${(silent.address() as net.AddressInfo).port}`);
    await until(() => sub.counters.reconnects >= 1, 8_000);
    expect(sub.lastError?.code).toMatch(/CONNECT_TIMEOUT|UNAVAILABLE/);
  });

  it('explains TLS to a plaintext relay', async () => {
    const relay = await demoRelay();
    const { sub } = subscribe(relay.address, { ...PLAINTEXT, enabled: true, serverName: 'ui.hubble-relay.cilium.io' });
    await until(() => sub.counters.reconnects >= 1, 8_000);
    expect(sub.state).toBe('reconnecting');
    expect(sub.lastError?.hint).toMatch(/TLS|plaintext/);
  });

  it('explains a port that is not a gRPC server', async () => {
    const web = http.createServer((_req, res) => res.end('hello'));
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => web.close(r)));
    const { sub } = subscribe(`127.0.0.1:${(web.address() as net.AddressInfo).port}`);
    await until(() => sub.counters.reconnects >= 1, 8_000);
    expect(sub.state).toBe('reconnecting');
    expect(sub.lastError?.message.length).toBeGreaterThan(0);
  });
});
