import 'server-only';
import { describeConfig, getConfig, type LockstepConfig } from './config';
import { FlowHub } from './live/flow-hub';
import { VerdictTrendService } from './live/verdict-trend-service';
import { GraphService } from './live/graph-service';
import { AnalysisService } from './analysis/analysis-service';
import { Auth } from './auth/auth';
import { demoPolicyFiles } from './demo-relay/demo-policy-files';
import { closeAllLiveStreams } from './live/sse-stream';
import { SseAdmission } from './live/sse-admission';
import { createLockstepMetrics, type MetricsRegistry } from './metrics';
import { createReloadingRelayClient } from './hubble/reloading-relay-client';
import { RelayMonitor } from './hubble/relay-monitor';
import { startDemoRelay } from './demo-relay/demo-relay-server';
import { createStore } from './db/create-store';
import type { Store } from './db/store';
import { relayFlowSource } from './ingest/flow-source';
import { startIngestService, type IngestService } from './ingest/ingest-service';
import { startIngestWorker } from './ingest/ingest-worker-service';
import { createGithubExporter } from './github/export-source';
import type { GithubExporter } from './github/exporter';
import { createChecklistService } from './checklist/create-checklist-service';
import type { ChecklistService } from './checklist/checklist-service';
import { createAuditWindowService } from './k8s/audit-window/create-audit-window-service';
import type { AuditWindowService } from './k8s/audit-window/audit-window-service';
import { startDemoCluster, type DemoCluster } from './demo-relay/demo-cluster';
import { stageDemoWindows } from './demo-relay/stage-demo-windows';
import type { ScenarioNamespace } from './demo-relay/scenario-types';
import { HOMELAB_CLUSTER_NAME } from './demo-relay/homelab-scenario';

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
  graph: GraphService;
  /** Findings, analyses and policy files: the one read side of findings (server/analysis). */
  findings: AnalysisService;
  /** Pull request and offline (git patch, YAML) export of accepted patches (server/github). */
  exporter: GithubExporter;
  auth: Auth;
  /** Caps on concurrent SSE streams (per client and total). */
  sse: SseAdmission;
  /** Persisted findings, reviews and audit log (SQLite, or PostgreSQL with DATABASE_URL). */
  store: Store;
  /** The persistent AUDIT/DROPPED ingest; `ingest.isLeader()` for /api/status. */
  ingest: IngestService;
  /** The eight-step rollout checklist per namespace (server/checklist). */
  checklist: ChecklistService;
  /** Per-namespace audit windows (server/k8s/audit-window); undefined unless `LOCKSTEP_AUDIT_WINDOW=enabled`. */
  auditWindows: AuditWindowService | undefined;
  /** AUDIT verdicts and POLICY_DENIED drops per hour per namespace (in memory, since start). */
  trends: VerdictTrendService;
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
  // First, so that an unreachable database fails the start before anything else runs.
  const store = await createStore(config.db);
  const metrics = createLockstepMetrics();
  const hub = new FlowHub({ flowsPerNamespace: config.live.flowsPerNamespace });
  const graph = new GraphService(hub, metrics);
  const trends = new VerdictTrendService(hub);
  // The demo relay's cluster is `homelab`: its `cluster` entity must mean the demo's pods (rule 31).
  const clusterFacts = config.relay.address ? config.cluster : { ...config.cluster, clusterName: config.cluster.clusterName ?? HOMELAB_CLUSTER_NAME };
  const findings = new AnalysisService(hub, { store, clusterFacts });
  if (!config.relay.address) await findings.seedPolicyFiles(demoPolicyFiles());
  const auth = new Auth(config.auth);
  let address = config.relay.address;
  let demo: { stop(): Promise<void> } | undefined;
  let demoCluster: DemoCluster | undefined;
  let demoNamespaces: ScenarioNamespace[] = [];
  if (!address) {
    // No relay configured: start the embedded demo relay, a real gRPC Observer server on loopback.
    const relay = await startDemoRelay({ host: '127.0.0.1', port: config.demo.port, rate: config.demo.rate, seed: config.demo.seed, replayFiles: config.demo.replayFiles });
    address = relay.address;
    demo = relay;
    // Audit windows on the demo: a Kubernetes API of the homelab whose exec switches the generator's verdicts.
    if (config.auditWindow.enabled && relay.generator) {
      demoCluster = await startDemoCluster(relay.generator);
      demoNamespaces = relay.generator.model.scenario.namespaces;
    }
  }
  // Follows the relay TLS files, so that rotated certificates are picked up without a restart.
  const relayClient = createReloadingRelayClient(address, config.relay.tls);
  const client = relayClient.client;
  const relay = new RelayMonitor(client, hub, metrics, {
    address,
    demo: demo !== undefined,
    tls: config.relay.tls.enabled,
    backlog: config.relay.backlogFlows,
    dialTimeoutMs: config.relay.dialTimeoutMs,
  });
  relay.start();
  const relayAddress = address;
  const ingest = config.ingest.thread === 'worker'
    ? startIngestWorker({
      entry: config.ingest.bundled ? 'bundled' : 'source', metrics, db: config.db,
      relay: { address: relayAddress, tls: config.relay.tls, dialTimeoutMs: config.relay.dialTimeoutMs },
    })
    : startIngestService(store, () => relayFlowSource(client, relayAddress, { dialTimeoutMs: config.relay.dialTimeoutMs }), { metrics });
  const auditWindows = createAuditWindowService(config, { hub, store, metrics, demoKubeConfig: demoCluster?.kubeConfig });
  // The demo's namespaces at different steps: its audit windows opened (or opened and closed) as a user would.
  if (auditWindows && demoCluster) {
    stageDemoWindows(auditWindows, demoNamespaces).then(
      (staged) => staged.length && console.info(`[lockstep] demo audit windows: ${staged.join(', ')}`),
      (error: unknown) => console.warn('[lockstep] demo audit windows failed:', error instanceof Error ? error.message : error),
    );
  }
  console.info(`[lockstep] started: ${demo ? `embedded demo relay on ${address}` : describeConfig(config)}; store ${store.description}`);
  let stopping: Promise<void> | undefined;
  return {
    config,
    hub,
    metrics,
    relay,
    graph,
    findings,
    exporter: createGithubExporter(config.github, { findings, hub }, store.exports),
    auth,
    sse: new SseAdmission({ maxStreams: config.live.sseMaxStreams, maxPerClient: config.live.sseMaxPerClient }, metrics),
    store,
    ingest,
    checklist: createChecklistService(config, { hub, graph, relay, store, analysis: findings, metrics, auditWindows, demoKubeConfig: demoCluster?.kubeConfig }),
    auditWindows,
    trends,
    startedAt: Date.now(),
    shutdown() {
      stopping ??= (async () => {
        closeAllLiveStreams();
        auditWindows?.stop();
        await ingest.stop();
        relay.stop();
        relayClient.stop();
        graph.stop();
        trends.stop();
        await demo?.stop();
        await demoCluster?.stop();
        await store.close();
      })();
      return stopping;
    },
  };
}
