import type * as grpc from '@grpc/grpc-js';
import type { ServerHttp2Stream } from 'node:http2';
import { encodeGetFlowsResponse, maxEncodedLength, toWireFlow, writeGetFlowsResponse, type ResponseSerializer } from './flow-template';
import type { FlowGenerator } from './homelab-generator';
import type { FlowPredicate } from './flow-filter';

/**
 * The benchmark mode of a follow stream: flows from a private generator are written as fast as the client
 * accepts them, pausing on backpressure until 'drain'.
 *
 * Transport `grpc` writes each message through grpc-js (`call.write`), which allows one message in flight per
 * stream and tops out near 100k messages/s on one core. Transport `direct` (the default) writes batches of
 * length-prefixed gRPC messages straight to the call's HTTP/2 stream, after grpc-js has sent the response
 * headers; the bytes on the wire are the same gRPC framing. It relies on grpc-js internals (the call's `stream`),
 * is feature-detected, and falls back to `grpc` when they are not there.
 */

/** Options of {@link pumpMaxSpeed}. */
export interface MaxSpeedOptions {
  /** Default: `direct`. */
  transport?: 'direct' | 'grpc';
  /** Bytes per HTTP/2 write on the direct transport. Default: 262144. */
  chunkBytes?: number;
}

/** A running max-speed pump. */
export interface MaxSpeedPump {
  readonly transport: 'direct' | 'grpc';
  /** Flows written so far. */
  readonly sent: number;
  stop(): void;
}

/** The HTTP/2 stream under a grpc-js server call, if this grpc-js version exposes it. */
export function findHttp2Stream(call: grpc.ServerWritableStream<unknown, unknown>): ServerHttp2Stream | undefined {
  let current = (call as unknown as { call?: unknown }).call as Record<string, unknown> | undefined;
  for (let depth = 0; current && depth < 6; depth++) {
    const stream = current.stream as ServerHttp2Stream | undefined;
    if (stream && typeof stream.write === 'function' && typeof stream.respond === 'function') return stream;
    current = current.nextCall as Record<string, unknown> | undefined;
  }
  return undefined;
}

/** Starts pumping `generator` into `call` (whose response headers must already have been sent). */
export function pumpMaxSpeed(
  call: grpc.ServerWritableStream<unknown, unknown>,
  generator: FlowGenerator,
  serialize: ResponseSerializer,
  predicate: FlowPredicate | undefined,
  options: MaxSpeedOptions = {},
): MaxSpeedPump {
  const h2 = options.transport === 'grpc' ? undefined : findHttp2Stream(call);
  const state = { stopped: false, sent: 0 };
  const stop = () => {
    state.stopped = true;
  };
  call.on('cancelled', stop);
  call.on('error', stop);
  const next = () => {
    for (;;) {
      const f = generator.next();
      if (!predicate || predicate(toWireFlow(f))) return f;
    }
  };
  const chunkBytes = Math.max(options.chunkBytes ?? 262_144, 16_384);

  const pumpDirect = (stream: ServerHttp2Stream) => {
    stream.on('close', stop);
    const run = () => {
      for (let rounds = 0; !state.stopped && rounds < 64; rounds++) {
        const chunk = Buffer.allocUnsafe(chunkBytes);
        let o = 0;
        // NOTE: a template's static part is below 2 KB, so 8 KB of headroom always fits the next message.
        while (o + 8192 <= chunkBytes) {
          const f = next();
          if (maxEncodedLength(f, serialize) + 5 > chunkBytes - o) throw new Error('flow larger than the write chunk');
          const end = writeGetFlowsResponse(f, serialize, chunk, o + 5);
          chunk[o] = 0; // not compressed
          chunk.writeUInt32BE(end - o - 5, o + 1);
          o = end;
          state.sent++;
        }
        if (!stream.write(chunk.subarray(0, o))) return void stream.once('drain', run);
      }
      if (!state.stopped) setImmediate(run);
    };
    run();
  };

  const pumpGrpc = () => {
    const run = () => {
      for (let i = 0; !state.stopped && i < 4096; i++) {
        state.sent++;
        if (!call.write(encodeGetFlowsResponse(next(), serialize))) return void call.once('drain', run);
      }
      if (!state.stopped) setImmediate(run);
    };
    run();
  };

  if (h2) pumpDirect(h2);
  else pumpGrpc();
  return {
    transport: h2 ? 'direct' : 'grpc',
    get sent() {
      return state.sent;
    },
    stop,
  };
}
