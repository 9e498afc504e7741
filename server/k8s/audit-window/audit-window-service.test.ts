import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flowBetween } from '@/lib/testing/flow-builders';
import type { Flow } from '@/lib/flow/flow';
import { startDemoKubeApi, type DemoKubeApi, type DemoKubeState } from '../../demo-relay/demo-kube-api';
import type { OpenedStore } from '../../db/create-store';
import { createTestDatabase, testDialects, type TestDatabase } from '../../db/testing/test-databases';
import { waitFor } from '../../ingest/testing/wait-for';
import { AuditWindowService } from './audit-window-service';
import { createWindowCluster } from './window-cluster';

const dialects = await testDialects();
const HOUR = 3_600_000;
const START = Date.UTC(2026, 11, 7, 9, 0, 0);

function cluster(): DemoKubeState {
  return {
    pods: [
      { namespace: 'kube-system', name: 'cilium-n1abc', nodeName: 'node-1', labels: { 'k8s-app': 'cilium' } },
      { namespace: 'kube-system', name: 'cilium-n2def', nodeName: 'node-2', labels: { 'k8s-app': 'cilium' } },
      { namespace: 'monitoring', name: 'prometheus-0', nodeName: 'node-1' },
      { namespace: 'monitoring', name: 'grafana-7c9f-x2x9z', nodeName: 'node-2' },
      { namespace: 'blog', name: 'blog-1', nodeName: 'node-1' },
    ],
    ciliumEndpoints: [
      { namespace: 'monitoring', name: 'prometheus-0', id: 812 },
      { namespace: 'monitoring', name: 'grafana-7c9f-x2x9z', id: 44 },
      { namespace: 'blog', name: 'blog-1', id: 9 },
    ],
  };
}

/** `agent: command` of every exec, in order. */
const commands = (api: DemoKubeApi) => api.commands.map((c) => `${c.namespace}/${c.pod}/${c.container}: ${c.command.join(' ')}`);

describe.each(dialects)('AuditWindowService (%s)', (dialect) => {
  let db: TestDatabase;
  let store: OpenedStore;
  let api: DemoKubeApi;
  let now: number;
  let flows: Flow[];
  let enforceAt: number | undefined;
  const services: AuditWindowService[] = [];

  const service = (s: OpenedStore = store, kube: DemoKubeApi | null = api) => {
    const created = new AuditWindowService({
      repo: s.auditWindows,
      cluster: kube ? createWindowCluster(kube.kubeConfig(), { ciliumNamespace: 'kube-system', rewatchMs: 50 }) : undefined,
      unavailableReason: 'no kubeconfig file',
      config: { enabled: true, defaultDurationMs: 48 * HOUR, maxDurationMs: 336 * HOUR, reconcileMs: 3_600_000 },
      recentFlows: () => flows,
      enforceConfirmedAt: async () => enforceAt,
      clock: () => now,
    });
    services.push(created);
    return created;
  };

  beforeEach(async () => {
    db = createTestDatabase(dialect);
    store = await db.open();
    api = await startDemoKubeApi({ state: cluster(), exec: () => ({ stdout: 'Endpoint configuration updated successfully\n' }) });
    now = START;
    flows = [];
    enforceAt = undefined;
  });
  afterEach(async () => {
    for (const s of services.splice(0)) s.stop();
    await api.close();
    await db.cleanup();
  });

  it('opens a window: PolicyAuditMode=Enabled on each endpoint, in the agent pod of its node, for 48 h by default', async () => {
    const window = await service().open('monitoring', 'alice');
    expect(commands(api)).toEqual([
      'kube-system/cilium-n2def/cilium-agent: cilium-dbg endpoint config 44 PolicyAuditMode=Enabled',
      'kube-system/cilium-n1abc/cilium-agent: cilium-dbg endpoint config 812 PolicyAuditMode=Enabled',
    ]);
    expect(window).toMatchObject({ namespace: 'monitoring', mode: 'exec', openedBy: 'alice', openedAt: START, closesAt: START + 48 * HOUR });
    expect(window.endpoints.map((e) => [e.pod, e.endpointId, e.node, e.agentPod, e.state])).toEqual([
      ['grafana-7c9f-x2x9z', 44, 'node-2', 'cilium-n2def', 'enabled'],
      ['prometheus-0', 812, 'node-1', 'cilium-n1abc', 'enabled'],
    ]);
    const [log] = await store.reviews.auditLog({ namespace: 'monitoring' });
    expect(log).toMatchObject({ actor: 'alice', action: 'audit window opened', at: START });
    await expect(service().open('monitoring', 'bob')).rejects.toMatchObject({ code: 'conflict:audit-window' });
  });

  it('enables a new pod that appears while the window is open, and drops a pod that goes', async () => {
    const s = service();
    await s.open('monitoring', 'alice');
    await waitFor(() => api.watchCount() === 1, 10_000, 'the CiliumEndpoint watch');
    api.update((state) => {
      state.pods.push({ namespace: 'monitoring', name: 'alertmanager-0', nodeName: 'node-2' });
      state.ciliumEndpoints.push({ namespace: 'monitoring', name: 'alertmanager-0', id: 301 });
      state.ciliumEndpoints = state.ciliumEndpoints.filter((e) => e.name !== 'prometheus-0');
    });
    await waitFor(() => api.commands.length === 3, 10_000, 'the new pod enabled');
    expect(commands(api)[2]).toBe('kube-system/cilium-n2def/cilium-agent: cilium-dbg endpoint config 301 PolicyAuditMode=Enabled');
    await waitFor(async () => (await s.facts('monitoring')).current?.window.lastReconcile?.dropped === 1, 10_000, 'the reconcile recorded');
    const facts = await s.facts('monitoring');
    expect(facts.current!.window.endpoints.map((e) => `${e.pod}:${e.state}`)).toEqual(['alertmanager-0:enabled', 'grafana-7c9f-x2x9z:enabled']);
  });

  it('survives its own restart mid-window: enables again what should be, and keeps the window', async () => {
    await service().open('monitoring', 'alice');
    api.commands.length = 0;
    services[0].stop();
    await store.close();
    const restarted = await db.open();
    now = START + 10 * HOUR;
    await service(restarted).start();
    expect(commands(api).sort()).toEqual([
      'kube-system/cilium-n1abc/cilium-agent: cilium-dbg endpoint config 812 PolicyAuditMode=Enabled',
      'kube-system/cilium-n2def/cilium-agent: cilium-dbg endpoint config 44 PolicyAuditMode=Enabled',
    ]);
    const [open] = await restarted.auditWindows.listOpen();
    expect(open).toMatchObject({ namespace: 'monitoring', openedAt: START, lastReconcile: { at: START + 10 * HOUR, ok: true, enabled: 2 } });
  });

  it('closes a window whose time is up at the next reconcile (also after a restart), disabling every endpoint', async () => {
    await service().open('monitoring', 'alice', 2 * HOUR);
    api.commands.length = 0;
    now = START + 2 * HOUR;
    await service().start();
    expect(commands(api)).toEqual([
      'kube-system/cilium-n2def/cilium-agent: cilium-dbg endpoint config 44 PolicyAuditMode=Disabled',
      'kube-system/cilium-n1abc/cilium-agent: cilium-dbg endpoint config 812 PolicyAuditMode=Disabled',
    ]);
    const { current } = await service().facts('monitoring');
    expect(current!.window).toMatchObject({ closedAt: START + 2 * HOUR, closedBy: 'lockstep', closeReason: 'expired' });
    expect(current!.window.endpoints.every((e) => e.state === 'disabled')).toBe(true);
    expect(await store.auditWindows.listOpen()).toEqual([]);
  });

  it('closes by hand, and when step 7 is marked "enforce"', async () => {
    await service().open('monitoring', 'alice');
    await service().open('blog', 'alice');
    api.commands.length = 0;
    const closed = await service().close('monitoring', 'bob');
    expect(closed).toMatchObject({ closedBy: 'bob', closeReason: 'closed' });
    expect(commands(api)).toEqual([
      'kube-system/cilium-n2def/cilium-agent: cilium-dbg endpoint config 44 PolicyAuditMode=Disabled',
      'kube-system/cilium-n1abc/cilium-agent: cilium-dbg endpoint config 812 PolicyAuditMode=Disabled',
    ]);
    expect((await store.reviews.auditLog({ namespace: 'monitoring' }))[0]).toMatchObject({ actor: 'bob', action: 'audit window closed', toStatus: 'closed' });
    await expect(service().close('monitoring', 'bob')).rejects.toMatchObject({ code: 'not_found:audit-window' });
    enforceAt = START + 1;
    now = START + 5;
    await service().reconcileAll();
    expect((await store.auditWindows.latest('blog'))[0]).toMatchObject({ closeReason: 'enforce', closedBy: 'lockstep' });
    expect(commands(api).at(-1)).toBe('kube-system/cilium-n1abc/cilium-agent: cilium-dbg endpoint config 9 PolicyAuditMode=Disabled');
  });

  it('without the permission, prints the exact script and its revert, and waits for a manual confirmation', async () => {
    api.update((s) => (s.forbidden = ['/api/v1/namespaces/kube-system/pods/']));
    const s = service();
    expect(await s.mode()).toMatchObject({ mode: 'manual', reason: expect.stringContaining('pods/exec') });
    const window = await s.open('monitoring', 'alice');
    expect(api.commands).toEqual([]);
    expect(window.mode).toBe('manual');
    expect(window.manual!.enableScript).toContain('kubectl -n kube-system exec cilium-n1abc -c cilium-agent -- cilium-dbg endpoint config 812 PolicyAuditMode=Enabled');
    expect(window.manual!.disableScript).toContain('kubectl -n kube-system exec cilium-n2def -c cilium-agent -- cilium-dbg endpoint config 44 PolicyAuditMode=Disabled');
    expect(window.endpoints.map((e) => e.state)).toEqual(['pending', 'pending']);
    const confirmed = await s.confirmManual('monitoring', 'carol', 'open');
    expect(confirmed.manual).toMatchObject({ confirmedBy: 'carol', confirmedAt: START });
    expect(confirmed.endpoints.map((e) => e.state)).toEqual(['enabled', 'enabled']);
    await s.close('monitoring', 'carol');
    const reverted = await s.confirmManual('monitoring', 'carol', 'close');
    expect(reverted.endpoints.map((e) => e.state)).toEqual(['disabled', 'disabled']);
    expect((await store.reviews.auditLog({ namespace: 'monitoring' })).map((e) => e.action)).toEqual(['audit window revert run', 'audit window closed', 'audit window script run', 'audit window opened']);
  });

  it('without any Kubernetes API, prints a script that finds the endpoints itself', async () => {
    const window = await service(store, null).open('blog', 'alice');
    expect(window.manual!.reason).toContain('Kubernetes API not configured: no kubeconfig file');
    expect(window.manual!.enableScript).toContain('kubectl -n blog get ciliumendpoints');
  });

  it('verifies from the flows: AUDIT where there were drops, "not in audit mode" where drops go on, AUDIT after closing', async () => {
    const s = service();
    await s.open('monitoring', 'alice');
    const at = (ms: number) => ms - Date.UTC(2026, 10, 1, 10, 0, 0);
    flows = [
      flowBetween('traefik/traefik', 'monitoring/prometheus', { direction: 'INGRESS', verdict: 'AUDIT', at: at(START + 60_000), destination: { podName: 'prometheus-0' } }),
      flowBetween('monitoring/grafana', 'world/x', { direction: 'EGRESS', verdict: 'DROPPED', dropReason: 'POLICY_DENIED', at: at(START + 60_000), source: { podName: 'grafana-7c9f-x2x9z' } }),
    ];
    const open = (await s.facts('monitoring')).current!.verification.endpoints;
    expect(open.map((e) => [e.pod, e.status])).toEqual([['grafana-7c9f-x2x9z', 'not-in-audit-mode'], ['prometheus-0', 'audit']]);
    now = START + HOUR;
    await s.close('monitoring', 'alice');
    flows.push(flowBetween('traefik/traefik', 'monitoring/prometheus', { direction: 'INGRESS', verdict: 'AUDIT', at: at(START + HOUR + 60_000), destination: { podName: 'prometheus-0' } }));
    expect((await s.facts('monitoring')).current!.verification.auditAfterClose).toMatchObject({ flows: 1, pods: ['prometheus-0'] });
  });

  it('refuses windows that are too short or too long', async () => {
    await expect(service().open('monitoring', 'alice', 1_000)).rejects.toMatchObject({ code: 'bad_request:audit-window' });
    await expect(service().open('monitoring', 'alice', 400 * HOUR)).rejects.toMatchObject({ code: 'bad_request:audit-window' });
  });
});
