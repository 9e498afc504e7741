import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { observerServiceDefinition } from './proto';
import { callUnary } from './relay-client';
import { createReloadingRelayClient } from './reloading-relay-client';

// Two certificate pairs (each its own CA and a server certificate for ui.hubble-relay.cilium.io), made here with
// openssl: the "rotation" replaces the first with the second, as cert-manager does.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-tls-'));
const SERVER_NAME = 'ui.hubble-relay.cilium.io';
function makePair(name: string): { ca: Buffer; cert: Buffer; key: Buffer } {
  const p = (f: string) => path.join(dir, `${name}-${f}`);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name} CA`, '-keyout', p('ca.key'), '-out', p('ca.crt'));
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${SERVER_NAME}`, '-keyout', p('server.key'), '-out', p('server.csr'));
  fs.writeFileSync(p('ext.cnf'), `subjectAltName=DNS:${SERVER_NAME}\n`);
  ssl('x509', '-req', '-in', p('server.csr'), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', p('ext.cnf'), '-out', p('server.crt'));
  return { ca: fs.readFileSync(p('ca.crt')), cert: fs.readFileSync(p('server.crt')), key: fs.readFileSync(p('server.key')) };
}

async function startRelay(pair: { cert: Buffer; key: Buffer }, port = 0): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server();
  const unimplemented = (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback({ code: grpc.status.UNIMPLEMENTED });
  server.addService(observerServiceDefinition(), {
    ServerStatus: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, { num_flows: 7 }),
    GetFlows: (call: grpc.ServerWritableStream<unknown, unknown>) => call.end(),
    GetNodes: unimplemented,
    GetNamespaces: unimplemented,
  });
  const credentials = grpc.ServerCredentials.createSsl(null, [{ cert_chain: pair.cert, private_key: pair.key }], false);
  const bound = await new Promise<number>((resolve, reject) => server.bindAsync(`127.0.0.1:${port}`, credentials, (e, p) => (e ? reject(e) : resolve(p))));
  return { server, port: bound };
}

const stop = (server: grpc.Server) => new Promise<void>((resolve) => server.tryShutdown(() => resolve()));

describe('relay TLS files are followed', () => {
  let first: ReturnType<typeof makePair>;
  let second: ReturnType<typeof makePair>;
  beforeAll(() => {
    first = makePair('first');
    second = makePair('second');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reconnects with a rotated CA without a restart', async () => {
    const caFile = path.join(dir, 'ca.crt');
    fs.writeFileSync(caFile, first.ca);
    let relay = await startRelay(first);
    const logs: string[] = [];
    const reloading = createReloadingRelayClient(`127.0.0.1:${relay.port}`, { enabled: true, caCertFiles: [caFile], clientCertFile: undefined, clientKeyFile: undefined, serverName: SERVER_NAME, allowInsecure: false }, { log: (m) => logs.push(m), checkMs: 3_600_000 });
    try {
      expect(await callUnary(reloading.client, 'ServerStatus', 5_000)).toMatchObject({ num_flows: 7 });
      expect(reloading.reload()).toBe(false);

      // The relay's pair rotates: the old CA no longer verifies it.
      await stop(relay.server);
      relay = await startRelay(second, relay.port);
      await expect(callUnary(reloading.client, 'ServerStatus', 2_000)).rejects.toBeDefined();

      // Half-way through the rotation the CA file is missing: the client keeps going with what it has.
      fs.rmSync(caFile);
      expect(reloading.reload()).toBe(false);
      expect(logs.join('\n')).toMatch(/cannot read a TLS file \(ENOENT\)/);

      fs.writeFileSync(caFile, second.ca);
      expect(reloading.reload()).toBe(true);
      expect(logs.at(-1)).toMatch(/certificate files changed/);
      expect(await callUnary(reloading.client, 'ServerStatus', 5_000)).toMatchObject({ num_flows: 7 });
    } finally {
      reloading.stop();
      reloading.client.close();
      await stop(relay.server);
    }
  });
});
