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

/** Adds the health and peer services; returns `stop()`, which ends the open Notify and Watch streams. */
export function addNodeServices(server: grpc.Server, peers: () => AnnouncedPeer[]): { stop(): void } {
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
      for (const peer of peers()) call.write({ name: peer.name, address: peer.address, type: 'PEER_ADDED' });
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
