import 'server-only';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { decodeGetFlowsResponse } from './fast-decode';
import { protoRoot } from './proto-root';

/**
 * Loads Lockstep's Hubble protos (proto/) for @grpc/grpc-js. Decoding options are chosen so that a decoded
 * message has the same shape as `hubble observe -o jsonpb` output (proto field names, enum names), which lets
 * one translator serve the relay stream and capture files alike. 64-bit integers decode as JS numbers: counters
 * such as `num_events_lost` never approach 2^53.
 */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: false,
  oneofs: true,
};

export { protoRoot } from './proto-root';

let cached: grpc.GrpcObject | undefined;

/** The loaded `observer` package (service `observer.Observer`) and its message types. */
export function loadObserverPackage(): grpc.GrpcObject {
  if (cached) return cached;
  const root = protoRoot();
  const definition = protoLoader.loadSync(path.join(root, 'observer/observer.proto'), { ...PROTO_LOADER_OPTIONS, includeDirs: [root] });
  // NOTE: clients decode GetFlows responses with the faster deserializer (see fast-decode.ts); servers are unaffected.
  const getFlows = (definition['observer.Observer'] as Record<string, protoLoader.MethodDefinition<object, object>>).GetFlows;
  (getFlows as { responseDeserialize: (b: Buffer) => unknown }).responseDeserialize = decodeGetFlowsResponse;
  cached = grpc.loadPackageDefinition(definition);
  return cached;
}

/** The Observer service definition, for the demo relay's `server.addService`. */
export function observerServiceDefinition(): grpc.ServiceDefinition {
  const pkg = loadObserverPackage().observer as grpc.GrpcObject;
  return (pkg.Observer as grpc.ServiceClientConstructor).service;
}

/** The Observer client constructor. */
export function observerClientConstructor(): grpc.ServiceClientConstructor {
  const pkg = loadObserverPackage().observer as grpc.GrpcObject;
  return pkg.Observer as grpc.ServiceClientConstructor;
}
