import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedStore } from '../db/create-store';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing/test-databases';
import { AuditWindowService } from '../k8s/audit-window/audit-window-service';
import { createWindowCluster } from '../k8s/audit-window/window-cluster';
import { startDemoCluster, type DemoCluster } from './demo-cluster';
import { createHomelabGenerator, type FlowGenerator } from './homelab-generator';
import { DEMO_WINDOW_ACTOR, stageDemoWindows } from './stage-demo-windows';

const [dialect] = await testDialects();
const HOUR = 3_600_000;

describe('the demo stages its namespaces through real audit windows', () => {
  let db: TestDatabase;
  let store: OpenedStore;
  let generator: FlowGenerator;
  let demo: DemoCluster;
  let service: AuditWindowService;

  beforeEach(async () => {
    db = createTestDatabase(dialect);
    store = await db.open();
    generator = createHomelabGenerator({ seed: 7, startTimeMs: Date.UTC(2026, 10, 1), rate: 40 });
    demo = await startDemoCluster(generator);
    service = new AuditWindowService({
      repo: store.auditWindows,
      cluster: createWindowCluster(demo.kubeConfig, { ciliumNamespace: 'kube-system' }),
      config: { enabled: true, defaultDurationMs: 48 * HOUR, maxDurationMs: 336 * HOUR, reconcileMs: HOUR },
      recentFlows: () => [],
      enforceConfirmedAt: async () => undefined,
    });
  });
  afterEach(async () => {
    service.stop();
    await demo.stop();
    await db.cleanup();
  });

  it('opens the audit namespaces\' windows, opens and closes homepage\'s, leaves monitoring alone; a restart changes nothing', async () => {
    const namespaces = generator.model.scenario.namespaces;
    expect(await stageDemoWindows(service, namespaces)).toEqual(['argocd', 'blog', 'homepage', 'uptime', 'webapp']);
    const state = async (ns: string) => {
      const w = (await service.facts(ns)).current?.window;
      return w && { open: w.closedAt === undefined, by: w.openedBy, mode: w.mode };
    };
    expect(await state('uptime')).toEqual({ open: true, by: DEMO_WINDOW_ACTOR, mode: 'exec' });
    expect(await state('homepage')).toEqual({ open: false, by: DEMO_WINDOW_ACTOR, mode: 'exec' });
    expect(await state('monitoring')).toBeUndefined();
    // The generator's endpoints follow the exec calls: uptime audits, homepage enforces again.
    const auditMode = (ns: string) => generator.model.pods.filter((p) => p.namespace === ns).map((p) => generator.model.endpointAuditMode.get(`${p.node.name}/${p.endpointId}`));
    expect(auditMode('uptime')).toEqual([true]);
    expect(auditMode('homepage')).toEqual([false]);
    await service.close('uptime', 'alice');
    expect(await stageDemoWindows(service, namespaces)).toEqual([]);
    expect(await state('uptime')).toMatchObject({ open: false });
  });

  it('retries when the store is busy, and finishes an interrupted start (homepage left open by the demo gets closed)', async () => {
    await service.open('homepage', DEMO_WINDOW_ACTOR);
    let failures = 1;
    const flaky: Parameters<typeof stageDemoWindows>[0] = {
      facts: (ns) => (failures-- > 0 ? Promise.reject(new Error('database is locked')) : service.facts(ns)),
      open: (ns, actor) => service.open(ns, actor),
      close: (ns, actor) => service.close(ns, actor),
    };
    const only = generator.model.scenario.namespaces.filter((n) => n.name === 'homepage' || n.name === 'uptime');
    expect(await stageDemoWindows(flaky, only, { retryMs: 1 })).toEqual(['homepage', 'uptime']);
    expect((await service.facts('homepage')).current?.window.closedAt).toBeDefined();
    await expect(stageDemoWindows({ ...flaky, facts: () => Promise.reject(new Error('database is locked')) }, only, { attempts: 2, retryMs: 1 })).rejects.toThrow('database is locked');
  });
});
