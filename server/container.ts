import 'server-only';
import { describeConfig, getConfig, type LockstepConfig } from './config';
import { FlowHub } from './live/flow-hub';
import { closeAllLiveStreams } from './live/sse-stream';
import { createLockstepMetrics, type MetricsRegistry } from './metrics';
import { createRelayClient } from './hubble/relay-client';
import { RelayMonitor } from './hubble/relay-monitor';
import { startDemoRelay } from './hubble/demo-relay/demo-relay-server';

/**
 * The composition root: builds Lockstep's long-lived services from the configuration, once per process.
 * Next.js may load server modules in several bundles (instrumentation, each route), so the instance lives on
 * `globalThis` and every bundle gets the same one.
 */

export interface Container {
  config: LockstepConfig;
  hub: FlowHub;
  metrics: MetricsRegistry;
  relay: RelayMonitor;
  startedAt: number;
  shutdown(): Promise<void>;
}

const KEY = Symbol.for('lockstep.container');
type Global = typeof globalThis & { [KEY]?: Promise<Container> };

/** The process's container, started on first use. */
export function getContainer(): Promise<Container> {
  const g = globalThis as Global;
  g[KEY] ??= createContainer(getConfig()).catch((error) => {
    delete g[KEY];
    throw error;
  });
  return g[KEY];
}

/** Builds and starts a container (tests call this directly with their own config). */
export async function createContainer(config: LockstepConfig): Promise<Container> {
  const metrics = createLockstepMetrics();
  const hub = new FlowHub({ flowsPerNamespace: config.live.flowsPerNamespace });
  let address = config.relay.address;
  let demo: { stop(): Promise<void> } | undefined;
  if (!address) {
    // No relay configured: start the embedded demo relay, a real gRPC Observer server on loopback.
    const relay = await startDemoRelay({ host: '127.0.0.1', port: config.demo.port, rate: config.demo.rate, seed: config.demo.seed, replayFiles: config.demo.replayFiles });
    address = relay.address;
    demo = relay;
  }
  const client = createRelayClient(address, config.relay.tls);
  const relay = new RelayMonitor(client, hub, metrics, {
    address,
    demo: demo !== undefined,
    tls: config.relay.tls.enabled,
    backlog: config.relay.backlogFlows,
    dialTimeoutMs: config.relay.dialTimeoutMs,
  });
  relay.start();
  console.info(`[lockstep] started: ${demo ? `embedded demo relay on ${address}` : describeConfig(config)}`);
  let stopping: Promise<void> | undefined;
  return {
    config,
    hub,
    metrics,
    relay,
    startedAt: Date.now(),
    shutdown() {
      stopping ??= (async () => {
        closeAllLiveStreams();
        relay.stop();
        await demo?.stop();
      })();
      return stopping;
    },
  };
}
