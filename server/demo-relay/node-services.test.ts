import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { PROTO_LOADER_OPTIONS, protoRoot } from '../hubble/proto';
import { DEMO_PEER_NAME, startDemoRelay, type DemoRelay } from './demo-relay-server';

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
    const peer = client('peer/peer.proto', ['peer', 'Peer'], relay.address);
    const call = peer.Notify({}) as grpc.ClientReadableStream<Wire>;
    const first = await new Promise<Wire>((resolve, reject) => {
      call.once('data', resolve);
      call.once('error', reject);
    });
    expect(first).toEqual({ name: DEMO_PEER_NAME, address: relay.address, type: 'PEER_ADDED' });
    call.on('error', () => undefined);
    call.cancel();
    peer.close();
  });
});
