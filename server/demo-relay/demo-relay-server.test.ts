import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { observerClientConstructor } from '../hubble/proto';
import { toRelayEvent, type RelayEvent } from '../hubble/to-flow';
import { startDemoRelay, type DemoRelay } from './demo-relay-server';

// Wire objects in tests are read loosely; the translator under test does the typing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Wire = Record<string, any>;

type Client = grpc.Client & Wire;

function connect(relay: DemoRelay): Client {
  const Observer = observerClientConstructor();
  return new Observer(relay.address, grpc.credentials.createInsecure()) as Client;
}

function unary(client: Client, method: string): Promise<Wire> {
  return new Promise((resolve, reject) => client[method]({}, (error: grpc.ServiceError | null, response: Wire) => (error ? reject(error) : resolve(response))));
}

interface Collected {
  responses: Wire[];
  events: RelayEvent[];
  error?: grpc.ServiceError;
  ended: boolean;
}

/** Runs GetFlows until `done(collected)` holds, the stream ends or fails, or the timeout; then cancels. */
function collect(client: Client, request: Wire, done: (c: Collected) => boolean = () => false, timeoutMs = 8000, onData?: (c: Collected) => void): Promise<Collected> {
  return new Promise((resolve) => {
    const c: Collected = { responses: [], events: [], ended: false };
    const stream = client.GetFlows(request) as grpc.ClientReadableStream<Wire>;
    const finish = () => {
      clearTimeout(timer);
      stream.removeAllListeners('data');
      stream.on('error', () => undefined);
      stream.cancel();
      resolve(c);
    };
    const timer = setTimeout(finish, timeoutMs);
    stream.on('data', (r: Wire) => {
      c.responses.push(r);
      c.events.push(toRelayEvent(r));
      onData?.(c);
      if (done(c)) finish();
    });
    stream.on('error', (e: grpc.ServiceError) => {
      if (e.code !== grpc.status.CANCELLED) c.error = e;
      finish();
    });
    stream.on('end', () => {
      c.ended = true;
      finish();
    });
  });
}

const flowsOf = (c: Collected) => c.events.flatMap((e) => (e.kind === 'flow' ? [e.flow] : []));
const webapp = { whitelist: [{ source_pod: ['webapp/'] }, { destination_pod: ['webapp/'] }] };
const NODES = ['homelab/node-1', 'homelab/node-2', 'homelab/node-3'];

describe('demo relay server', () => {
  let relay: DemoRelay;
  let client: Client;
  beforeAll(async () => {
    relay = await startDemoRelay({ port: 0, generator: { seed: 3, rate: 400 }, backfillMs: 60_000, tickMs: 20 });
    client = connect(relay);
  });
  afterAll(async () => {
    client.close();
    await relay.stop();
  });

  it('streams live flows of a namespace, announced by NODE_CONNECTED, that translate into Lockstep flows', async () => {
    const startedMs = Date.now();
    const c = await collect(client, { follow: true, ...webapp }, (x) => flowsOf(x).length >= 40);
    expect(c.error).toBeUndefined();
    expect(c.events[0]).toMatchObject({ kind: 'node_status', event: { stateChange: 'NODE_CONNECTED', nodeNames: NODES } });
    const flows = flowsOf(c);
    expect(flows.length).toBeGreaterThanOrEqual(40);
    for (const f of flows) {
      expect([f.source.namespace, f.destination.namespace]).toContain('webapp');
      expect(NODES).toContain(f.nodeName);
      expect(f.emitter).toEqual({ name: 'Hubble', version: '1.19.4' });
      expect(f.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(f.time).toBeGreaterThanOrEqual(startedMs - 1000);
      expect(f.ip.ipVersion).toBe('IPv4');
    }
  });

  it('serves the AUDIT findings of a namespace with since, as policy verdicts with full endpoints', async () => {
    const since = { seconds: Math.floor(Date.now() / 1000) - 60, nanos: 0 };
    const filters = [{ verdict: ['AUDIT'], source_pod: ['webapp/'] }, { verdict: ['AUDIT'], destination_pod: ['webapp/'] }];
    const c = await collect(client, { follow: true, since, whitelist: filters }, (x) => flowsOf(x).length >= 10);
    const audits = flowsOf(c);
    expect(audits.length).toBeGreaterThanOrEqual(10);
    for (const f of audits) {
      expect(f).toMatchObject({ verdict: 'AUDIT', eventType: 5, type: 'L3_L4', isReply: false, summary: 'TCP Flags: SYN', policyMatchType: 0 });
      expect(['INGRESS', 'EGRESS']).toContain(f.trafficDirection);
      const subject = f.trafficDirection === 'INGRESS' ? f.destination : f.source;
      expect(subject.namespace).toBe('webapp');
      expect(subject.id).toBeGreaterThan(0);
      expect(subject.workloads.length + (subject.podName === 'debug-netshoot' ? 1 : 0)).toBe(1);
      expect(f.l4).toMatchObject({ protocol: 'TCP', flags: ['SYN'] });
    }
  });

  it('rejects first with follow, and unsupported filters, with INVALID_ARGUMENT', async () => {
    const a = await collect(client, { first: true, follow: true });
    expect(a.error).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: 'first cannot be specified with follow' });
    const b = await collect(client, { whitelist: [{ http_header: [{ key: 'a', value: 'b' }] }] });
    expect(b.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(b.error?.details).toMatch(/http_header/);
  });

  it('answers non-follow requests from the rings: number per node, first, since/until', async () => {
    const last = await collect(client, { number: 5 });
    expect(last.ended).toBe(true);
    const flows = flowsOf(last);
    expect(flows).toHaveLength(15);
    for (const node of NODES) expect(flows.filter((f) => f.nodeName === node)).toHaveLength(5);
    for (let i = 1; i < flows.length; i++) expect(flows[i].time).toBeGreaterThanOrEqual(flows[i - 1].time);
    const first = flowsOf(await collect(client, { number: 2, first: true }));
    expect(first).toHaveLength(6);
    expect(first[0].time).toBeLessThan(flows[0].time);
    const nowS = Math.floor(Date.now() / 1000);
    const window = flowsOf(await collect(client, { since: { seconds: nowS - 12, nanos: 0 }, until: { seconds: nowS - 6, nanos: 0 } }));
    expect(window.length).toBeGreaterThan(100);
    for (const f of window) expect(f.time >= (nowS - 12) * 1000 && f.time <= (nowS - 6) * 1000 + 1).toBe(true);
  });

  it('applies a field mask', async () => {
    const c = await collect(client, { number: 1, field_mask: { paths: ['verdict', 'IP.source', 'time', 'node_name'] } });
    const flows = c.responses.filter((r) => r.flow).map((r) => r.flow);
    expect(flows).toHaveLength(3);
    // Decoded messages carry proto3 defaults for absent fields: compare the fields that are set.
    const isSet = (v: unknown) => v !== null && v !== undefined && v !== '' && v !== 0 && !(Array.isArray(v) && v.length === 0);
    const setKeys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => isSet(o[k])).sort();
    for (const f of flows) {
      expect(setKeys(f)).toEqual(['IP', 'node_name', 'time', 'verdict']);
      expect(setKeys(f.IP)).toEqual(['source']);
    }
  });

  it('reports ServerStatus, GetNodes and GetNamespaces like a relay', async () => {
    const status = await unary(client, 'ServerStatus');
    expect(status).toMatchObject({ max_flows: 3 * 4095, num_connected_nodes: { value: 3 }, num_unavailable_nodes: { value: 0 }, version: '1.19.4-lockstep-demo' });
    expect(status.num_flows).toBeGreaterThan(1000);
    expect(status.seen_flows).toBeGreaterThanOrEqual(status.num_flows);
    expect(status.uptime_ns).toBeGreaterThan(0);
    expect(status.flows_rate).toBeGreaterThan(250);
    expect(status.flows_rate).toBeLessThan(550);
    const { nodes } = await unary(client, 'GetNodes');
    expect(nodes.map((n: Wire) => n.name)).toEqual(NODES);
    for (const n of nodes) expect(n).toMatchObject({ state: 'NODE_CONNECTED', version: '1.19.4', max_flows: 4095, tls: { enabled: true } });
    expect(nodes[0].address).toBe('192.168.1.11:4244');
    const { namespaces } = await unary(client, 'GetNamespaces');
    expect(namespaces).toEqual(['argocd', 'blog', 'homepage', 'kube-system', 'monitoring', 'traefik', 'uptime', 'webapp'].map((namespace) => ({ cluster: 'homelab', namespace })));
  });

  it('reports an unavailable node to open and new streams, and its return', async () => {
    let toggled = false;
    const open = collect(client, { follow: true }, (x) => x.events.some((e) => e.kind === 'node_status' && e.event.stateChange === 'NODE_CONNECTED' && e.event.nodeNames.length === 1), 8000, (x) => {
      if (!toggled && flowsOf(x).length > 0) {
        toggled = true;
        relay.setNodeAvailable('homelab/node-2', false);
        setTimeout(() => relay.setNodeAvailable('homelab/node-2', true), 600);
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    const status = await unary(client, 'ServerStatus');
    expect(status).toMatchObject({ num_connected_nodes: { value: 2 }, num_unavailable_nodes: { value: 1 }, unavailable_nodes: ['homelab/node-2'] });
    const { nodes } = await unary(client, 'GetNodes');
    expect(nodes[1]).toMatchObject({ name: 'homelab/node-2', state: 'NODE_UNAVAILABLE' });
    const fresh = await collect(client, { follow: true }, (x) => x.events.length >= 2);
    expect(fresh.events.slice(0, 2)).toMatchObject([
      { kind: 'node_status', event: { stateChange: 'NODE_CONNECTED', nodeNames: ['homelab/node-1', 'homelab/node-3'] } },
      { kind: 'node_status', event: { stateChange: 'NODE_UNAVAILABLE', nodeNames: ['homelab/node-2'] } },
    ]);
    const c = await open;
    const statuses = c.events.filter((e) => e.kind === 'node_status').map((e) => e.kind === 'node_status' && `${e.event.stateChange} ${e.event.nodeNames.join(',')}`);
    expect(statuses).toEqual([`NODE_CONNECTED ${NODES.join(',')}`, 'NODE_ERROR homelab/node-2', 'NODE_CONNECTED homelab/node-2']);
    const errorAt = c.events.findIndex((e) => e.kind === 'node_status' && e.event.stateChange === 'NODE_ERROR');
    const errorEvent = c.events[errorAt];
    const errorTime = errorEvent.kind === 'node_status' ? errorEvent.event.time : 0;
    // Flows already queued for the stream when the node failed may still arrive after NODE_ERROR (as with a real
    // relay); none produced after the failure may come from the failed node.
    const between = c.events.slice(errorAt + 1, -1).flatMap((e) => (e.kind === 'flow' ? [e.flow] : []));
    expect(between.length).toBeGreaterThan(0);
    expect(between.filter((f) => f.nodeName === 'homelab/node-2' && f.time > errorTime)).toEqual([]);
  });

  it('passes injected lost events through and fails streams with UNAVAILABLE on a simulated restart', async () => {
    const lost = await collect(client, { follow: true }, (x) => x.events.some((e) => e.kind === 'lost_events'), 5000, (x) => {
      if (x.responses.length === 2) relay.injectLostEvents(7);
    });
    expect(lost.events.find((e) => e.kind === 'lost_events')).toMatchObject({ kind: 'lost_events', event: { source: 'PERF_EVENT_RING_BUFFER', numEventsLost: 7 } });
    const restarted = await collect(client, { follow: true }, () => false, 5000, (x) => {
      if (x.responses.length === 3) relay.closeAllStreams();
    });
    expect(restarted.error?.code).toBe(grpc.status.UNAVAILABLE);
    await new Promise((r) => setTimeout(r, 50));
    expect(relay.streamCount()).toBe(0);
  });
});

describe('demo relay server: other sources and modes', () => {
  it.each(['direct', 'grpc'] as const)('pumps flows as fast as the client reads in max-speed mode (%s transport)', async (transport) => {
    const relay = await startDemoRelay({ port: 0, maxSpeed: { transport }, backfillMs: 0 });
    const client = connect(relay);
    const c = await collect(client, { follow: true }, (x) => x.responses.length >= 5000, 60_000);
    expect(c.events[0].kind).toBe('node_status');
    const flows = flowsOf(c);
    expect(flows.length).toBeGreaterThanOrEqual(4999);
    expect(c.events.filter((e) => e.kind === 'invalid')).toEqual([]);
    expect(new Set(flows.map((f) => f.uuid)).size).toBe(flows.length);
    client.close();
    await relay.stop();
  }, 90_000);

  it('replays captures, with the nodes they name', async () => {
    const file = path.join(__dirname, 'testdata/hubble-otel_basic-sample-400-udp-flows.json');
    const relay = await startDemoRelay({ port: 0, replayFiles: [file], replay: { files: [], speed: 50 } });
    expect(relay.generator).toBeUndefined();
    const client = connect(relay);
    const c = await collect(client, { follow: true, whitelist: [{ source_pod: ['bookinfo/'] }] }, (x) => flowsOf(x).length >= 20);
    const flows = flowsOf(c);
    expect(flows.length).toBeGreaterThanOrEqual(20);
    for (const f of flows) {
      expect(f.source.namespace).toBe('bookinfo');
      expect(Math.abs(f.time - Date.now())).toBeLessThan(60_000);
    }
    const { nodes } = await unary(client, 'GetNodes');
    expect(nodes.map((n: Wire) => n.name)).toContain('kind-control-plane');
    expect(relay.replayStats()).toMatchObject({ bad: 0 });
    client.close();
    await relay.stop();
  });

  it('stops gracefully, ending open streams', async () => {
    const relay = await startDemoRelay({ port: 0, backfillMs: 1000 });
    const client = connect(relay);
    const pending = collect(client, { follow: true });
    await new Promise((r) => setTimeout(r, 200));
    await relay.stop();
    const c = await pending;
    expect(c.ended || c.error?.code === grpc.status.UNAVAILABLE).toBe(true);
    await expect(unary(client, 'ServerStatus')).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    client.close();
  });
});
