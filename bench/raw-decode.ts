/**
 * The decode limit: the same GetFlowsResponse messages the demo relay sends, decoded without gRPC. Measures
 * protobuf decode alone, protobufjs decode + translation to the Flow model (the bridge's former path), and the
 * wire decoder straight to the Flow model (decode-flow-response.ts, what the bridge uses).
 */
import path from 'node:path';
import protobuf from 'protobufjs';
import { createHomelabGenerator } from '../server/demo-relay/homelab-generator';
import { toGetFlowsResponse } from '../server/demo-relay/flow-template';
import { protoRoot } from '../server/hubble/proto';
import { toRelayEvent } from '../server/hubble/to-flow';
import { decodeGetFlowsResponse } from '../server/hubble/fast-decode';
import { decodeFlowResponse } from '../server/hubble/decode-flow-response';

export function measureRawDecode(n: number): { flowsPerSecond: number; decodeOnlyPerSecond: number; wireDecoderPerSecond: number } {
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
  const translated = flows / ((performance.now() - t) / 1000);
  const buffers = messages.map((m) => Buffer.from(m));
  t = performance.now();
  flows = 0;
  for (let i = 0; i < n; i++) if (decodeFlowResponse(buffers[i % buffers.length]).kind === 'flow') flows++;
  const wire = flows / ((performance.now() - t) / 1000);
  return { flowsPerSecond: Math.round(translated), decodeOnlyPerSecond: Math.round(decodeOnly), wireDecoderPerSecond: Math.round(wire) };
}
