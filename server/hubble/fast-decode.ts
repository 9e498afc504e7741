import 'server-only';
import path from 'node:path';
import protobuf from 'protobufjs';
import { protoRoot } from './proto-root';

/**
 * The GetFlows response deserializer. grpc-js + proto-loader would decode each message and then copy it into a
 * plain object (`toObject`), which costs about as much again as the decode. The translator (to-flow.ts) reads
 * decoded protobufjs messages directly (numbers for enums, Long-like 64-bit values, `{value}` wrappers), so only
 * the enums it shows by name are converted here. Endpoints are decoded once per distinct byte string: a pod's
 * endpoint (identity, ~10 labels, workloads) repeats in every flow it takes part in, and decoding its strings again
 * and again was most of the decode time and most of the garbage. The cached objects are shared: never mutate them.
 */

/** Distinct endpoints kept (cleared when full: a cluster has far fewer live endpoints). */
const ENDPOINT_CACHE_LIMIT = 20_000;

let type: protobuf.Type | undefined;
let enumNames: { drop: Record<number, string>; point: Record<number, string>; reason: Record<number, string> } | undefined;

function load(): protobuf.Type {
  if (type) return type;
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('google/') ? target : path.join(protoRoot(), target));
  root.loadSync('observer/observer.proto', { keepCase: true });
  type = root.lookupType('observer.GetFlowsResponse');
  type.setup();
  root.lookupType('flow.Flow').setup();
  cacheEndpointDecoding(root.lookupType('flow.Endpoint'));
  enumNames = {
    drop: root.lookupEnum('flow.DropReason').valuesById,
    point: root.lookupEnum('flow.TraceObservationPoint').valuesById,
    reason: root.lookupEnum('flow.TraceReason').valuesById,
  };
  return type;
}

type Mutable = Record<string, unknown>;

/** Wraps `Endpoint.decode` (which the generated Flow decoder calls) with a cache keyed by the encoded bytes. */
function cacheEndpointDecoding(endpoint: protobuf.Type): void {
  // NOTE: protobufjs generates a type's decoder on first use and then replaces `decode` with it; generate it now,
  // or the replacement would overwrite this wrapper.
  endpoint.setup();
  const original = endpoint.decode.bind(endpoint);
  const cache = new Map<string, protobuf.Message>();
  endpoint.decode = ((reader: protobuf.Reader | Uint8Array, length?: number) => {
    if (!(reader instanceof protobuf.Reader) || length === undefined) return original(reader as Uint8Array, length);
    const end = reader.pos + length;
    const key = Buffer.prototype.latin1Slice.call(reader.buf, reader.pos, end) as string;
    const hit = cache.get(key);
    if (hit) {
      reader.pos = end;
      return hit;
    }
    const decoded = original(reader, length);
    if (cache.size >= ENDPOINT_CACHE_LIMIT) cache.clear();
    cache.set(key, decoded);
    return decoded;
  }) as typeof endpoint.decode;
}

/** The names of the flow enums the translator shows by name (drop reason, trace observation point, trace reason). */
export function flowEnumNames(): { drop: Record<number, string>; point: Record<number, string>; reason: Record<number, string> } {
  load();
  return enumNames!;
}

/** Decodes one `observer.GetFlowsResponse` for the translator. */
export function decodeGetFlowsResponse(buffer: Buffer): unknown {
  const message = load().decode(buffer) as unknown as Mutable;
  const flow = message.flow as Mutable | null | undefined;
  if (flow) {
    const names = enumNames!;
    if (typeof flow.drop_reason_desc === 'number' && flow.drop_reason_desc !== 0) flow.drop_reason_desc = names.drop[flow.drop_reason_desc] ?? flow.drop_reason_desc;
    if (typeof flow.trace_observation_point === 'number') flow.trace_observation_point = flow.trace_observation_point === 0 ? '' : (names.point[flow.trace_observation_point] ?? '');
    if (typeof flow.trace_reason === 'number') flow.trace_reason = flow.trace_reason === 0 ? '' : (names.reason[flow.trace_reason] ?? '');
  }
  return message;
}
