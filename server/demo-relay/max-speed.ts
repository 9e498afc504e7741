import type * as grpc from '@grpc/grpc-js';
import type { ServerHttp2Stream } from 'node:http2';
import type { PoolCursor } from './encoded-flow-pool';

/**
 * The benchmark mode of a follow stream: pre-encoded flows (encoded-flow-pool.ts: one recorded cycle, patched
 * per lap) are written as fast as the client accepts them, pausing on backpressure until 'drain'. Producing a
 * flow costs a memcpy and a few patched bytes, so the relay measures the client, not the generator.
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

/** Starts pumping the frames under `cursor` into `call` (whose response headers must already have been sent). */
export function pumpMaxSpeed(call: grpc.ServerWritableStream<unknown, unknown>, cursor: PoolCursor, options: MaxSpeedOptions = {}): MaxSpeedPump {
  const h2 = options.transport === 'grpc' ? undefined : findHttp2Stream(call);
  const state = { stopped: false, sent: 0 };
  const stop = () => {
    state.stopped = true;
    cursor.close();
  };
  call.on('cancelled', stop);
  call.on('error', stop);
  const chunkBytes = Math.max(options.chunkBytes ?? 262_144, 16_384);
  // NOTE: a stream whose filter matches nothing in the cycle gets nothing more, as from a relay with no such flows.
  if (!cursor.hasFlows) return { transport: h2 ? 'direct' : 'grpc', sent: 0, stop };
  const fill = (chunk: Buffer) => {
    const { bytes, frames } = cursor.fill(chunk);
    state.sent += frames;
    return chunk.subarray(0, bytes);
  };
  /** A filtered stream that caught up with the flows sent so far waits for more. */
  const CAUGHT_UP_WAIT_MS = 2;

  const pumpDirect = (stream: ServerHttp2Stream) => {
    stream.on('close', stop);
    const run = () => {
      for (let rounds = 0; !state.stopped && rounds < 64; rounds++) {
        const chunk = fill(Buffer.allocUnsafe(chunkBytes));
        if (chunk.length === 0) return void setTimeout(run, CAUGHT_UP_WAIT_MS);
        if (!stream.write(chunk)) return void stream.once('drain', run);
      }
      if (!state.stopped) setImmediate(run);
    };
    run();
  };

  // grpc-js frames each message itself: the pool's frames are written without their 5-byte prefix.
  const pumpGrpc = () => {
    const run = () => {
      for (let rounds = 0; !state.stopped && rounds < 16; rounds++) {
        const chunk = fill(Buffer.allocUnsafe(65_536));
        if (chunk.length === 0) return void setTimeout(run, CAUGHT_UP_WAIT_MS);
        let full = false;
        for (let o = 0; o < chunk.length; ) {
          const end = o + 5 + chunk.readUInt32BE(o + 1);
          full = !call.write(chunk.subarray(o + 5, end));
          o = end;
        }
        if (full) return void call.once('drain', run);
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
