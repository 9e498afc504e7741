import 'server-only';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { decodeFlowResponse } from './decode-flow-response';
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
let cachedRelayClient: grpc.ServiceClientConstructor | undefined;

function loadDefinition(): protoLoader.PackageDefinition {
  const root = protoRoot();
  return protoLoader.loadSync(path.join(root, 'observer/observer.proto'), { ...PROTO_LOADER_OPTIONS, includeDirs: [root] });
}

/** The definition with another GetFlows response deserializer (a copy: the loaded one is left as it is). */
function withGetFlowsDeserializer(definition: protoLoader.PackageDefinition, deserialize: (b: Buffer) => unknown): protoLoader.PackageDefinition {
  const service = definition['observer.Observer'] as Record<string, protoLoader.MethodDefinition<object, object>>;
  return { ...definition, 'observer.Observer': { ...service, GetFlows: { ...service.GetFlows, responseDeserialize: deserialize } } } as protoLoader.PackageDefinition;
}

/** The loaded `observer` package (service `observer.Observer`) and its message types. */
export function loadObserverPackage(): grpc.GrpcObject {
  if (cached) return cached;
  // NOTE: clients decode GetFlows responses with the faster deserializer (see fast-decode.ts); servers are unaffected.
  cached = grpc.loadPackageDefinition(withGetFlowsDeserializer(loadDefinition(), decodeGetFlowsResponse));
  return cached;
}

/**
 * The Observer client of Lockstep's relay bridge: GetFlows responses are decoded straight into relay events
 * (decode-flow-response.ts; `toRelayEvent` passes them through). Other clients get protobuf messages.
 */
export function relayClientConstructor(): grpc.ServiceClientConstructor {
  if (cachedRelayClient) return cachedRelayClient;
  const pkg = grpc.loadPackageDefinition(withGetFlowsDeserializer(loadDefinition(), decodeFlowResponse)).observer as grpc.GrpcObject;
  cachedRelayClient = pkg.Observer as grpc.ServiceClientConstructor;
  return cachedRelayClient;
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
