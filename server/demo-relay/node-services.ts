import 'server-only';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { PROTO_LOADER_OPTIONS, protoRoot } from '../hubble/proto';

/**
 * The services a Hubble server offers besides Observer, so that any Hubble client accepts the demo relay:
 * the standard gRPC health service (`hubble status` calls `grpc.health.v1.Health/Check` first) and the peer
 * service (`peer.Peer/Notify`), which announces the demo relay itself as one node, so that a real hubble-relay
 * started with `--peer-service <demo relay address>` connects to it and relays its flows.
 */

/** Services the health service reports SERVING ('' is the server as a whole). */
const SERVED = ['', 'grpc.health.v1.Health', 'observer.Observer', 'peer.Peer'];

/** A peer announced by `Notify`. */
export interface AnnouncedPeer {
  name: string;
  address: string;
}

function serviceOf(file: string, name: string): grpc.ServiceDefinition {
  const root = protoRoot();
  const definition = protoLoader.loadSync(path.join(root, file), { ...PROTO_LOADER_OPTIONS, includeDirs: [root] });
  return definition[name] as grpc.ServiceDefinition;
}

/** Hosts that mean "every interface": no client can dial them, so they are never announced. */
const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '[::]']);

/**
 * The address to announce for a server bound to `host:port`, to a client that dialled `authority` (the HTTP/2
 * `:authority` of its call). A server bound to one address announces that address. A server bound to every
 * interface announces what the client dialled (it reached the server through it, so it can again: a hostname,
 * a Service name, a port-forward), or loopback when the client sent no authority.
 */
export function announcedAddress(host: string, port: number, authority: string): string {
  if (!WILDCARD_HOSTS.has(host)) return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
  const dialled = /^(\[[0-9a-fA-F:.%\w]+\]|[^:[\]\s]+)(?::(\d{1,5}))?$/.exec(authority.trim());
  if (!dialled || WILDCARD_HOSTS.has(dialled[1])) return `127.0.0.1:${port}`;
  return `${dialled[1]}:${dialled[2] ?? port}`;
}

/**
 * Adds the health and peer services; returns `stop()`, which ends the open Notify and Watch streams.
 * `peers` receives the authority the Notify caller dialled (see {@link announcedAddress}).
 */
export function addNodeServices(server: grpc.Server, peers: (authority: string) => AnnouncedPeer[]): { stop(): void } {
  const open = new Set<grpc.ServerWritableStream<unknown, unknown>>();
  const keepOpen = (call: grpc.ServerWritableStream<unknown, unknown>) => {
    open.add(call);
    const forget = () => open.delete(call);
    call.on('cancelled', forget);
    call.on('close', forget);
  };
  const status = (service: unknown) => (SERVED.includes(typeof service === 'string' ? service : '') ? 'SERVING' : undefined);
  server.addService(serviceOf('grpc/health/v1/health.proto', 'grpc.health.v1.Health'), {
    Check: (call: grpc.ServerUnaryCall<{ service?: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const serving = status(call.request.service ?? '');
      if (serving) callback(null, { status: serving });
      else callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${JSON.stringify(call.request.service)}` });
    },
    Watch: (call: grpc.ServerWritableStream<{ service?: string }, unknown>) => {
      call.write({ status: status(call.request.service ?? '') ?? 'SERVICE_UNKNOWN' });
      keepOpen(call);
    },
  });
  server.addService(serviceOf('peer/peer.proto', 'peer.Peer'), {
    Notify: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      for (const peer of peers(call.getHost())) call.write({ name: peer.name, address: peer.address, type: 'PEER_ADDED' });
      keepOpen(call);
    },
  });
  return {
    stop() {
      for (const call of open) call.end();
      open.clear();
    },
  };
}
