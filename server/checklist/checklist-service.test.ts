import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Flow } from '@/lib/flow/flow';
import { snapshot } from '@/lib/graph/windowed-graph';
import type { RelayStatus } from '@/lib/live/types';
import { flowBetween, FIXED_TIME } from '@/lib/testing/flow-builders';
import type { OpenedStore } from '../db/create-store';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing/test-databases';
import { summarizeFlows } from '../ingest/summarize-flows';
import { KubernetesReader } from '../k8s/kube-reader';
import { startFakeKubeApi, type FakeKubeApi } from '../k8s/testing/fake-kube-api';
import { FlowHub } from '../live/flow-hub';
import { GraphService } from '../live/graph-service';
import { createLockstepMetrics } from '../metrics';
import { ChecklistService } from './checklist-service';

const HOUR = 3_600_000;
const NOW = FIXED_TIME + 10 * HOUR;
const dialects = await testDialects();

const relay = { state: 'connected', address: '127.0.0.1:4245', demo: true, version: '1.17', numConnectedNodes: 3, numUnavailableNodes: 0, flowsIngested: 10, ingestRate: 2, lastError: undefined } as unknown as RelayStatus;

function traffic(): Flow[] {
  return [
    flowBetween('traefik/traefik', 'blog/blog', { verdict: 'AUDIT', direction: 'INGRESS', at: 1 }),
    flowBetween('blog/blog', 'webapp/webapp', { verdict: 'FORWARDED', at: 2 }),
    flowBetween('webapp/webapp', 'webapp/postgres', { verdict: 'FORWARDED', port: 5432, at: 3 }),
    flowBetween('monitoring/prometheus', 'monitoring/grafana', { verdict: 'DROPPED', direction: 'INGRESS', port: 3000, at: 4 }),
  ];
}

describe.each(dialects)('ChecklistService (%s)', (dialect) => {
  let target: TestDatabase;
  let store: OpenedStore;
  let hub: FlowHub;
  let graph: GraphService;
  let api: FakeKubeApi | undefined;

  beforeEach(async () => {
    target = createTestDatabase(dialect);
    store = await target.open();
    hub = new FlowHub();
    graph = new GraphService(hub, createLockstepMetrics(), 60_000);
    const flows = traffic();
    flows.forEach((f) => hub.ingest(f));
    await store.ingest.applyBatch({ stream: 'relay', leaderId: 't', flows: flows.filter((f) => f.verdict !== 'FORWARDED'), dedupeWindowMs: 1e12, sampleSize: 5, summarize: (f) => summarizeFlows(f, []), now: NOW });
  });
  afterEach(async () => {
    graph.stop();
    await api?.close();
    api = undefined;
    await target.cleanup();
  });

  function service(kubernetes: KubernetesReader): ChecklistService {
    return new ChecklistService(
      {
        relayStatus: () => relay,
        namespaceSummaries: () => hub.namespaceSummaries(),
        recentDrops: (ns) => hub.recentFlows(ns, { verdict: 'DROPPED' }).flows.map((f) => f.flow),
        graphSnapshot: () => (graph.flush(), snapshot(graph.graph, 'all', NOW)),
        policyFiles: async () => [],
        heldFindings: async () => new Map([['blog', 1]]),
        allFindings: () => store.findings.list({ includeSamples: true }),
        store,
        kubernetes,
      },
      { quietPeriodMs: 24 * HOUR, minObservationMs: 24 * HOUR },
      () => NOW,
    );
  }
  const offline = () => service(new KubernetesReader({ ok: false, reason: 'demo mode' }));

  it('builds the eight steps from live, persisted and missing-cluster evidence', async () => {
    const list = await offline().namespaceChecklist('blog');
    expect(list.steps.map((s) => s.state)).toEqual(['done', 'done', 'in-progress', 'in-progress', 'in-progress', 'in-progress', 'todo', 'todo']);
    expect(list.steps[0].evidence[0]).toEqual({ label: 'Hubble Relay', value: 'embedded demo relay 127.0.0.1:4245: connected', source: 'measured' });
    expect(list.steps[2].evidence).toContainEqual(expect.objectContaining({ label: 'AUDIT verdicts here', source: 'measured', value: expect.stringMatching(/^1 flow, first 2026-11-01 10:00Z/) }));
    // monitoring already enforces (policy drops): cluster-wide audit would stop that.
    expect(list.warnings.map((w) => w.code)).toEqual(['audit.cluster-wide-stops-enforcement']);
    expect(list.steps[5].evidence[0]).toEqual({ label: 'Open findings', value: '1 (new 1, needs-info 0)', source: 'measured' });
    expect(list.steps[5].evidence[1]).toMatchObject({ label: 'Held for review', value: expect.stringMatching(/^1 held for review/) });
  });

  it('records a cluster-wide confirmation once for every namespace, with who and when', async () => {
    const s = offline();
    const blog = await s.confirm('blog', 3, { confirmed: true, note: 'agents report PolicyAuditMode: Enabled' }, 'alice');
    expect(blog.steps[2]).toMatchObject({ state: 'done', confirmedBy: 'alice', confirmedAt: expect.any(Number), confirmationNote: 'agents report PolicyAuditMode: Enabled' });
    expect((await s.namespaceChecklist('webapp')).steps[2]).toMatchObject({ state: 'done', confirmedBy: 'alice' });
    await s.confirm('webapp', 2, { confirmed: true }, 'bob');
    expect((await s.namespaceChecklist('webapp')).steps[1]).toMatchObject({ state: 'done', confirmedBy: 'bob' });
    expect((await s.namespaceChecklist('monitoring')).steps[1].confirmedBy).toBeUndefined();
    const withdrawn = await s.confirm('webapp', 3, { confirmed: false }, 'carol');
    expect(withdrawn.steps[2]).toMatchObject({ state: 'todo', confirmable: true });
    expect(withdrawn.steps[2].confirmedBy).toBeUndefined();
  });

  it('refuses to confirm a measured step', async () => {
    await expect(offline().confirm('blog', 6, { confirmed: true }, 'alice')).rejects.toMatchObject({ code: 'conflict:checklist' });
    await expect(offline().confirm('blog', 1, { confirmed: true }, 'alice')).rejects.toMatchObject({ code: 'conflict:checklist' });
  });

  it('reads the cluster when it can: audit mode from cilium-config, selection from pods and CNPs', async () => {
    api = await startFakeKubeApi({
      configMap: { data: { 'policy-audit-mode': 'true' }, managedFields: [{ time: new Date(NOW - 30 * HOUR).toISOString() }] },
      namespaces: ['blog', 'webapp', 'monitoring', 'backup'],
      pods: [{ namespace: 'webapp', name: 'webapp-7d4b9c8f6-x2x9z', labels: { app: 'webapp' } }, { namespace: 'backup', name: 'restic-0', labels: { app: 'restic' } }],
    });
    const s = service(KubernetesReader.fromKubeConfig(api.kubeConfig()));
    const webapp = await s.namespaceChecklist('webapp');
    expect(webapp.steps[2]).toMatchObject({ state: 'done', confirmable: false });
    expect(webapp.warnings.map((w) => w.code)).toEqual(['audit.no-selecting-policy', 'audit.cluster-wide-stops-enforcement']);
    expect(webapp.steps[4].state).toBe('blocked');
    await expect(s.confirm('webapp', 3, { confirmed: true }, 'alice')).rejects.toMatchObject({ code: 'conflict:checklist' });
    const overview = await s.overview();
    expect(overview.kubernetes).toEqual({ enabled: true, source: 'given' });
    expect(overview.namespaces.map((n) => n.namespace).sort()).toEqual(['backup', 'blog', 'monitoring', 'traefik', 'webapp']);
    const backup = overview.namespaces.find((n) => n.namespace === 'backup')!;
    expect(backup).toMatchObject({ done: 2, currentStep: 2, openFindings: 0 });
  });

  it('summarises every namespace for the overview, in ranking order', async () => {
    const overview = await offline().overview();
    expect(overview.kubernetes).toEqual({ enabled: false, reason: 'demo mode' });
    expect(overview.namespaces.map((n) => [n.namespace, n.rank])).toEqual([['traefik', 1], ['blog', 2], ['monitoring', 3], ['webapp', 4]]);
    const blog = overview.namespaces[1];
    expect(blog).toMatchObject({ done: 2, currentStep: 3, openFindings: 1, lastAuditAt: expect.any(Number) });
    expect(blog.states).toHaveLength(8);
  });
});
