import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshot } from '@/lib/graph/windowed-graph';
import type { RelayStatus } from '@/lib/live/types';
import { flowBetween, FIXED_TIME } from '@/lib/testing/flow-builders';
import type { OpenedStore } from '../db/create-store';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing/test-databases';
import { startDemoCluster, type DemoCluster } from '../demo-relay/demo-cluster';
import { createHomelabGenerator } from '../demo-relay/homelab-generator';
import { stageDemoWindows } from '../demo-relay/stage-demo-windows';
import { AuditWindowService } from '../k8s/audit-window/audit-window-service';
import { createWindowCluster } from '../k8s/audit-window/window-cluster';
import { KubernetesReader } from '../k8s/kube-reader';
import { FlowHub } from '../live/flow-hub';
import { GraphService } from '../live/graph-service';
import { createLockstepMetrics } from '../metrics';
import { ChecklistService } from './checklist-service';

const [dialect] = await testDialects();
const MINUTE = 60_000;
const relay = { state: 'connected', address: '127.0.0.1:4245', demo: true, version: '1.19', numConnectedNodes: 3, numUnavailableNodes: 0, flowsIngested: 10, ingestRate: 2, lastError: undefined } as unknown as RelayStatus;

// The demo's evidence path, end to end but for the flows: the demo cluster read by KubernetesReader, its windows
// staged through AuditWindowService, the demo's minute-scale timers. No demo case in lib/checklist: the states
// follow from the evidence.
describe('the demo rollout from the demo cluster\'s evidence', () => {
  let db: TestDatabase;
  let store: OpenedStore;
  let demo: DemoCluster;
  let windows: AuditWindowService;
  let hub: FlowHub;
  let graph: GraphService;
  let now: number;

  beforeEach(async () => {
    db = createTestDatabase(dialect);
    store = await db.open();
    const generator = createHomelabGenerator({ seed: 7, startTimeMs: FIXED_TIME, rate: 40 });
    demo = await startDemoCluster(generator);
    now = FIXED_TIME;
    windows = new AuditWindowService({
      repo: store.auditWindows,
      cluster: createWindowCluster(demo.kubeConfig, { ciliumNamespace: 'kube-system' }),
      config: { enabled: true, defaultDurationMs: 48 * 60 * MINUTE, maxDurationMs: 336 * 60 * MINUTE, reconcileMs: 60 * MINUTE },
      recentFlows: () => [],
      enforceConfirmedAt: async () => undefined,
      clock: () => now,
    });
    await stageDemoWindows(windows, generator.model.scenario.namespaces);
    hub = new FlowHub();
    graph = new GraphService(hub, createLockstepMetrics(), 60 * MINUTE);
    // Allowed traffic only: the policies of homepage and uptime cover everything they do.
    hub.ingest(flowBetween('traefik/traefik', 'homepage/homepage', { verdict: 'FORWARDED', direction: 'INGRESS', port: 3000, at: 10_000 }));
    hub.ingest(flowBetween('traefik/traefik', 'uptime/uptime-kuma', { verdict: 'FORWARDED', direction: 'INGRESS', port: 3001, at: 20_000 }));
  });
  afterEach(async () => {
    windows.stop();
    graph.stop();
    await demo.stop();
    await db.cleanup();
  });

  const checklist = () =>
    new ChecklistService(
      {
        relayStatus: () => relay,
        namespaceSummaries: () => hub.namespaceSummaries(),
        recentDrops: (ns) => hub.recentFlows(ns, { verdict: 'DROPPED' }).flows.map((f) => f.flow),
        graphSnapshot: () => (graph.flush(), snapshot(graph.graph, 'all', now)),
        policyFiles: async () => [],
        heldFindings: async () => new Map(),
        allFindings: () => store.findings.list({ includeSamples: true }),
        store,
        kubernetes: KubernetesReader.fromKubeConfig(demo.kubeConfig, { cacheMs: 0 }),
        auditWindows: () => windows.allFacts(),
      },
      { quietPeriodMs: 2 * MINUTE, minObservationMs: MINUTE },
      () => now,
    );
  const states = async (ns: string) => (await checklist().namespaceChecklist(ns)).steps.map((s) => s.state).join(' ');

  it('homepage enforces and uptime is ready to enforce once the quiet period is over, not before', async () => {
    now = FIXED_TIME + MINUTE;
    expect(await states('uptime')).toBe('done done done done done in-progress todo todo');
    now = FIXED_TIME + 3 * MINUTE;
    expect(await states('homepage')).toBe('done done done done done done done todo');
    expect(await states('uptime')).toBe('done done done done done done todo todo');
    const homepage = await checklist().namespaceChecklist('homepage');
    expect(homepage.steps[6].evidence).toContainEqual({ label: 'POLICY_DENIED drops since enforcement', value: 'none', source: 'measured' });
  });
});
