import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { PROTO_LOADER_OPTIONS, protoRoot } from '../hubble/proto';
import { DEMO_PEER_NAME, startDemoRelay, type DemoRelay } from './demo-relay-server';
import { announcedAddress } from './node-services';

// Wire objects in tests are read loosely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Wire = Record<string, any>;

function client(file: string, pkg: string[], address: string): grpc.Client & Wire {
  const definition = protoLoader.loadSync(path.join(protoRoot(), file), { ...PROTO_LOADER_OPTIONS, includeDirs: [protoRoot()] });
  let ns: Wire = grpc.loadPackageDefinition(definition);
  for (const part of pkg) ns = ns[part];
  return new (ns as unknown as grpc.ServiceClientConstructor)(address, grpc.credentials.createInsecure()) as grpc.Client & Wire;
}

describe('demo relay: health and peer services (what hubble status and hubble-relay --peer-service call)', () => {
  let relay: DemoRelay;
  beforeAll(async () => {
    relay = await startDemoRelay({ port: 0, rate: 10 });
  });
  afterAll(() => relay.stop());

  it('answers grpc.health.v1.Health/Check with SERVING for the server and its services, NOT_FOUND for others', async () => {
    const health = client('grpc/health/v1/health.proto', ['grpc', 'health', 'v1', 'Health'], relay.address);
    const check = (service: string) => new Promise<Wire>((resolve, reject) => health.Check({ service }, (e: Error | null, r: Wire) => (e ? reject(e) : resolve(r))));
    expect(await check('')).toEqual({ status: 'SERVING' });
    expect(await check('observer.Observer')).toEqual({ status: 'SERVING' });
    await expect(check('nope.Nope')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    health.close();
  });

  it('announces itself as one node on peer.Peer/Notify', async () => {
    expect(await firstPeer(relay.address)).toEqual({ name: DEMO_PEER_NAME, address: relay.address, type: 'PEER_ADDED' });
  });
});

async function firstPeer(address: string): Promise<Wire> {
  const peer = client('peer/peer.proto', ['peer', 'Peer'], address);
  const call = peer.Notify({}) as grpc.ClientReadableStream<Wire>;
  try {
    return await new Promise<Wire>((resolve, reject) => {
      call.once('data', resolve);
      call.once('error', reject);
    });
  } finally {
    call.on('error', () => undefined);
    call.cancel();
    peer.close();
  }
}

describe('demo relay bound to every interface (--host 0.0.0.0): the peer it announces is dialable', () => {
  let relay: DemoRelay;
  beforeAll(async () => {
    relay = await startDemoRelay({ host: '0.0.0.0', port: 0, rate: 10 });
  });
  afterAll(() => relay.stop());

  it('announces the address the caller dialled, never 0.0.0.0', async () => {
    expect(await firstPeer(`127.0.0.1:${relay.port}`)).toMatchObject({ name: DEMO_PEER_NAME, address: `127.0.0.1:${relay.port}` });
    expect(await firstPeer(`localhost:${relay.port}`)).toMatchObject({ address: `localhost:${relay.port}` });
  });

  it('the announced address reaches the same relay (what hubble-relay does next)', async () => {
    const announced = (await firstPeer(`localhost:${relay.port}`)).address as string;
    const observer = client('observer/observer.proto', ['observer', 'Observer'], announced);
    const status = await new Promise<Wire>((resolve, reject) => observer.ServerStatus({}, (e: Error | null, r: Wire) => (e ? reject(e) : resolve(r))));
    observer.close();
    expect(status.num_connected_nodes).toEqual({ value: relay.nodeNames.length });
  });
});

describe('announcedAddress', () => {
  it('a server bound to one address announces it (IPv6 in brackets)', () => {
    expect(announcedAddress('127.0.0.1', 4245, 'elsewhere:80')).toBe('127.0.0.1:4245');
    expect(announcedAddress('10.0.0.7', 4245, '')).toBe('10.0.0.7:4245');
    expect(announcedAddress('::1', 4245, '')).toBe('[::1]:4245');
  });

  it('a wildcard-bound server announces what the caller dialled, with its port, or the bound port when it had none', () => {
    expect(announcedAddress('0.0.0.0', 4245, 'demo-relay.lockstep.svc:80')).toBe('demo-relay.lockstep.svc:80');
    expect(announcedAddress('::', 4245, '[fd00::5]:4245')).toBe('[fd00::5]:4245');
    expect(announcedAddress('0.0.0.0', 4245, 'node-1')).toBe('node-1:4245');
  });

  it('falls back to loopback when the caller sent no usable authority, or dialled a wildcard itself', () => {
    expect(announcedAddress('0.0.0.0', 4245, '')).toBe('127.0.0.1:4245');
    expect(announcedAddress('::', 4245, '0.0.0.0:4245')).toBe('127.0.0.1:4245');
    expect(announcedAddress('0.0.0.0', 4245, 'a b:c')).toBe('127.0.0.1:4245');
  });
});
