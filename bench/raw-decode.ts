/**
 * The decode limit: the same GetFlowsResponse messages the demo relay sends, decoded without gRPC. Measures
 * protobuf decode alone and decode + translation to the Flow model (the work the bridge does per message).
 */
import path from 'node:path';
import protobuf from 'protobufjs';
import { createHomelabGenerator } from '../server/demo-relay/homelab-generator';
import { toGetFlowsResponse } from '../server/demo-relay/flow-template';
import { protoRoot } from '../server/hubble/proto';
import { toRelayEvent } from '../server/hubble/to-flow';
import { decodeGetFlowsResponse } from '../server/hubble/fast-decode';

export function measureRawDecode(n: number): { flowsPerSecond: number; decodeOnlyPerSecond: number } {
  const root = new protobuf.Root();
  root.resolvePath = (_o, target) => (target.startsWith('google/') ? target : path.join(protoRoot(), target));
  root.loadSync('observer/observer.proto', { keepCase: true });
  const Response = root.lookupType('observer.GetFlowsResponse');
  const generator = createHomelabGenerator({ seed: 3, startTimeMs: Date.UTC(2026, 10, 1) });
  const messages = generator.take(16_384).map((f) => Response.encode(Response.fromObject(toGetFlowsResponse(f))).finish());
  let t = performance.now();
  for (let i = 0; i < n; i++) Response.decode(messages[i % messages.length]);
  const decodeOnly = n / ((performance.now() - t) / 1000);
  t = performance.now();
  let flows = 0;
  for (let i = 0; i < n; i++) if (toRelayEvent(decodeGetFlowsResponse(Buffer.from(messages[i % messages.length]))).kind === 'flow') flows++;
  return { flowsPerSecond: Math.round(flows / ((performance.now() - t) / 1000)), decodeOnlyPerSecond: Math.round(decodeOnly) };
}
