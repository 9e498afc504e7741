import 'server-only';
import * as grpc from '@grpc/grpc-js';
import { observerServiceDefinition } from '../hubble/proto';
import { createHomelabGenerator, type FlowGenerator } from './homelab-generator';
import { encodeFlowPool, PoolCursor, recordFlowCycle, type EncodedFlowPool, type FlowClock, type FlowCycle } from './encoded-flow-pool';
import { startReplaySource, type ReplaySourceOptions } from './replay-source';
import { RelayState } from './relay-state';
import { generatedEvent, playedEvent } from './relay-event';
import { handleGetFlows } from './get-flows';
import { addNodeServices, announcedAddress } from './node-services';
import { getNamespaces, getNodes, serverStatus, type StatusContext } from './relay-status';
import { DEMO_HUBBLE_VERSION } from './flow-steps';
import type { FlowStreamWriter } from './flow-stream-writer';
import type { MaxSpeedOptions, MaxSpeedPump } from './max-speed';
import type { ResponseSerializer } from './flow-template';
import type { Scenario } from './scenario-types';
import type { CaptureStats } from './replay';

/**
 * The embedded demo relay: a real gRPC `observer.Observer` server that behaves like hubble-relay in front of
 * three Cilium agents (one flow ring per node). Flows come from the homelab generator (default, ~40 flows/s)
 * and/or replayed captures. Lockstep's relay client, the hubble CLI and Hubble UI can all connect to it.
 */

/** The node name the peer service announces for the demo relay. */
export const DEMO_PEER_NAME = 'lockstep-demo-relay';

/** Options of {@link startDemoRelay}. */
export interface DemoRelayOptions {
  /** Listen address. Default: `127.0.0.1`. */
  host?: string;
  /** Listen port; 0 picks a free one. Default: 4245 (hubble-relay's). */
  port?: number;
  /** The generated homelab traffic, or false for none. Default: `{ seed: 1, rate: 40 }`, off when replaying. */
  generator?: false | { seed?: number; rate?: number; scenario?: Scenario };
  /** Captures to replay (jsonpb / exporter files, gzip ok). Default: none. */
  replay?: ReplaySourceOptions;
  /** Shorthand for `generator.rate`. */
  rate?: number;
  /** Shorthand for `generator.seed`. */
  seed?: number;
  /**
   * Shorthand for `replay.files` (looping, times shifted to now). When non-empty and `generator` is not given,
   * only the captures play, as with `lockstep demo-relay --replay`.
   */
  replayFiles?: string[];
  /** Per-node ring capacity. Default: 4095 (Hubble's default). */
  ringCapacity?: number;
  /** Live flows buffered per slow follow stream before lost_events. Default: 4095. */
  followCapacity?: number;
  /** Generated history present at start, in ms. Default: 120000. */
  backfillMs?: number;
  /** Generator pump interval in ms. Default: 50. */
  tickMs?: number;
  /** Inject `lost_events` into follow streams every `everyMs`. Default: off. */
  lostEvents?: { everyMs: number; count?: number; source?: 'PERF_EVENT_RING_BUFFER' | 'OBSERVER_EVENTS_QUEUE' | 'HUBBLE_RING_BUFFER' };
  /**
   * Benchmark mode: follow streams get a recorded homelab cycle of `cycleLength` flows (default 16384, at a
   * virtual `rate`, default 1e6/s), encoded once per filter and replayed lap after lap with advancing times and
   * uuids (encoded-flow-pool.ts), written as fast as the client reads.
   */
  maxSpeed?: boolean | (MaxSpeedOptions & { rate?: number; cycleLength?: number });
  /** ServerStatus version. Default: `1.19.4-lockstep-demo`. */
  version?: string;
}

/** A running demo relay. */
export interface DemoRelay {
  /** `host:port`, ready for a gRPC client. */
  readonly address: string;
  readonly port: number;
  /** Node names (`homelab/node-1`, ...). */
  readonly nodeNames: string[];
  /** The generator, when enabled. */
  readonly generator?: FlowGenerator;
  /** Replay statistics (lines, responses, bad lines), when replaying. */
  replayStats(): CaptureStats | undefined;
  /** Schedule time the replay gave up after falling behind (ms, in total), when replaying. */
  replaySlippedMs(): number | undefined;
  /** Changes the generator's rate (flows/s). */
  setRate(rate: number): void;
  /** Marks an agent unavailable (follow streams get NODE_ERROR) or available again (NODE_CONNECTED + backlog). */
  setNodeAvailable(node: string, available: boolean): void;
  /** Sends one lost_events to every follow stream. */
  injectLostEvents(count?: number, source?: string): void;
  /** Fails every open GetFlows stream with UNAVAILABLE, as a relay restart does. */
  closeAllStreams(details?: string): void;
  /** Open GetFlows streams. */
  streamCount(): number;
  /** Stops generating, ends the streams and shuts the server down. */
  stop(): Promise<void>;
}

/** Starts the demo relay. */
export async function startDemoRelay(options: DemoRelayOptions = {}): Promise<DemoRelay> {
  const now = Date.now;
  const startedAtMs = now();
  const state = new RelayState(options.ringCapacity ?? 4095, now);
  const definition = observerServiceDefinition();
  const serializeObject = definition.GetFlows.responseSerialize as ResponseSerializer;
  // Pre-encoded flows travel as Buffers; control messages (node_status, lost_events) as objects.
  const serialize: ResponseSerializer = (v) => (Buffer.isBuffer(v) ? v : serializeObject(v));
  const service = { ...definition, GetFlows: { ...definition.GetFlows, responseSerialize: serialize } } as grpc.ServiceDefinition;

  const { generatorOptions, replayOptions } = resolveSources(options);
  const generator = generatorOptions ? createHomelabGenerator({ ...generatorOptions, startTimeMs: startedAtMs - (options.backfillMs ?? 120_000) }) : undefined;
  const clusterName = generator?.model.scenario.clusterName ?? '';
  for (const n of generator?.model.nodes ?? []) state.addNode(`${clusterName}/${n.name}`, `${n.ip}:4244`);
  const pumpGenerator = () => {
    if (generator) for (const f of generator.takeUntil(now(), 200_000)) state.publish(generatedEvent(state.seq(), f, serialize, clusterName));
  };
  pumpGenerator();

  const writers = new Set<FlowStreamWriter>();
  const pumps = new Set<MaxSpeedPump>();
  const maxSpeed = options.maxSpeed ? (options.maxSpeed === true ? {} : options.maxSpeed) : undefined;
  let maxSpeedCycle: FlowCycle | undefined;
  const maxSpeedClock: FlowClock = { position: 0, unfilteredReaders: 0 };
  const maxSpeedPools = new Map<string, EncodedFlowPool>();
  const statusContext: StatusContext = { state, startedAtMs, relayVersion: options.version ?? `${DEMO_HUBBLE_VERSION}-lockstep-demo`, agentVersion: DEMO_HUBBLE_VERSION, now };
  const server = new grpc.Server();
  server.addService(service, {
    GetFlows: (call: grpc.ServerWritableStream<unknown, unknown>) =>
      handleGetFlows(
        {
          state,
          serialize,
          followCapacity: options.followCapacity ?? 4095,
          now,
          track: (writer) => (writers.add(writer), () => writers.delete(writer)),
          maxSpeed: maxSpeed && {
            options: maxSpeed,
            cursorFor: (filterKey, predicate) => {
              const source = () => createHomelabGenerator({ ...generatorOptions, seed: (generatorOptions?.seed ?? 1) + 1, startTimeMs: now(), rate: maxSpeed.rate ?? 1_000_000 });
              maxSpeedCycle ??= recordFlowCycle(source(), maxSpeed.cycleLength);
              let pool = maxSpeedPools.get(filterKey);
              if (!pool) maxSpeedPools.set(filterKey, (pool = encodeFlowPool(maxSpeedCycle, serialize, predicate)));
              // Every stream reads the same flows (same times and uuids at the same position), as from one relay.
              return new PoolCursor(pool, 0, maxSpeedClock, predicate !== undefined);
            },
            onPump: (pump) => pumps.add(pump),
          },
        },
        call,
      ),
    ServerStatus: unary(() => serverStatus(statusContext)),
    GetNodes: unary(() => getNodes(statusContext)),
    GetNamespaces: unary(() => getNamespaces(statusContext)),
  });
  const host = options.host ?? '127.0.0.1';
  let port = 0;
  // The demo relay announces itself as the one node behind it, at an address the caller can dial (see node-services.ts).
  const nodeServices = addNodeServices(server, (authority) => [{ name: DEMO_PEER_NAME, address: announcedAddress(host, port, authority) }]);
  port = await bind(server, host, options.port ?? 4245);
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;

  const timers: NodeJS.Timeout[] = [];
  if (generator) timers.push(setInterval(pumpGenerator, options.tickMs ?? 50));
  const replay = replayOptions
    ? startReplaySource({ encode: serializeObject, ...replayOptions }, (played) => state.publish(playedEvent(state.seq(), played, serialize, now() * 1000)))
    : undefined;
  const injectLostEvents = (count = 1 + (state.seq() % 50), source = 'PERF_EVENT_RING_BUFFER') => {
    const nodes = state.availableNodes();
    const ms = now();
    const nodeName = nodes.length ? nodes[ms % nodes.length].name : '';
    state.broadcast({ lost_events: { source, num_events_lost: count, cpu: { value: ms % 4 } }, node_name: nodeName, time: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 } });
  };
  if (options.lostEvents) timers.push(setInterval(() => injectLostEvents(options.lostEvents!.count, options.lostEvents!.source), options.lostEvents.everyMs));
  for (const t of timers) t.unref();

  return {
    address,
    port,
    nodeNames: [...state.nodes.keys()],
    generator,
    replayStats: () => replay?.stats,
    replaySlippedMs: () => replay?.slippedMs,
    setRate: (rate) => generator?.setRate(rate),
    setNodeAvailable: (node, available) => state.setNodeAvailable(node, available),
    injectLostEvents,
    closeAllStreams: (details = 'demo relay restarting') => {
      for (const w of [...writers]) w.abort(grpc.status.UNAVAILABLE, details);
      for (const p of pumps) p.stop();
    },
    streamCount: () => writers.size,
    stop: async () => {
      for (const t of timers) clearInterval(t);
      replay?.stop();
      for (const p of pumps) p.stop();
      for (const w of [...writers]) w.end();
      nodeServices.stop();
      await shutdown(server);
    },
  };
}

/** The generator and replay settings, from the structured options and their shorthands. */
function resolveSources(options: DemoRelayOptions): { generatorOptions?: { seed?: number; rate?: number; scenario?: Scenario }; replayOptions?: ReplaySourceOptions } {
  const files = [...(options.replay?.files ?? []), ...(options.replayFiles ?? [])];
  const replayOptions = files.length ? { ...options.replay, files } : undefined;
  const generatorEnabled = options.generator !== false && (options.generator !== undefined || files.length === 0);
  const generatorOptions = generatorEnabled
    ? { ...(options.generator || {}), ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.rate !== undefined ? { rate: options.rate } : {}) }
    : undefined;
  return { generatorOptions, replayOptions };
}

function unary(answer: () => object): grpc.handleUnaryCall<unknown, unknown> {
  return (_call, callback) => {
    try {
      callback(null, answer());
    } catch (error) {
      callback({ code: grpc.status.INTERNAL, details: error instanceof Error ? error.message : String(error) });
    }
  };
}

function bind(server: grpc.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    server.bindAsync(target, grpc.ServerCredentials.createInsecure(), (error, boundPort) => (error ? reject(error) : resolve(boundPort)));
  });
}

function shutdown(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, 1000);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}
