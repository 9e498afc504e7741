import { afterEach, describe, expect, it } from 'vitest';
import { createWindowCluster } from '../k8s/audit-window/window-cluster';
import { KubernetesReader } from '../k8s/kube-reader';
import { startDemoCluster, type DemoCluster } from './demo-cluster';
import { toGetFlowsResponse } from './flow-template';
import { createHomelabGenerator, type FlowGenerator } from './homelab-generator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Wire = Record<string, any>;

/** Policy verdicts decided in `namespace` among the next `count` flows. */
function verdictsIn(generator: FlowGenerator, namespace: string, count: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of generator.take(count).map((g) => toGetFlowsResponse(g).flow as Wire)) {
    if (f.event_type.type !== 5) continue;
    const subject = f.traffic_direction === 'EGRESS' ? f.source : f.destination;
    if (subject.namespace === namespace) out[f.verdict] = (out[f.verdict] ?? 0) + 1;
  }
  return out;
}

let demo: DemoCluster | undefined;
afterEach(async () => {
  await demo?.stop();
  demo = undefined;
});

describe('the demo cluster plays along with audit windows', () => {
  it('serves the homelab endpoints and agents; cilium-dbg endpoint config switches that endpoint between DROPPED and AUDIT', async () => {
    const generator = createHomelabGenerator({ seed: 7, startTimeMs: Date.UTC(2026, 10, 1), rate: 40 });
    demo = await startDemoCluster(generator);
    const cluster = createWindowCluster(demo.kubeConfig, { ciliumNamespace: 'kube-system' });
    expect(verdictsIn(generator, 'monitoring', 20_000)).toMatchObject({ DROPPED: expect.any(Number) });
    expect(verdictsIn(generator, 'monitoring', 20_000).AUDIT).toBeUndefined();
    const located = await cluster.locate('monitoring');
    if (!located.ok) throw new Error(located.reason);
    expect(located.targets.map((t) => t.pod).sort()).toEqual(generator.model.pods.filter((p) => p.namespace === 'monitoring').map((p) => p.name).sort());
    for (const t of located.targets) {
      const ran = await cluster.exec(t.agentPod!, ['cilium-dbg', 'endpoint', 'config', String(t.endpointId), 'PolicyAuditMode=Enabled']);
      expect(ran).toMatchObject({ ok: true, stdout: `Endpoint ${t.endpointId} configuration updated successfully` });
    }
    const during = verdictsIn(generator, 'monitoring', 20_000);
    expect(during.AUDIT).toBeGreaterThan(0);
    expect(during.DROPPED).toBeUndefined();
    for (const t of located.targets) await cluster.exec(t.agentPod!, ['cilium-dbg', 'endpoint', 'config', String(t.endpointId), 'PolicyAuditMode=Disabled']);
    const after = verdictsIn(generator, 'monitoring', 20_000);
    expect(after.AUDIT).toBeUndefined();
    expect(after.DROPPED).toBeGreaterThan(0);
  });

  it('refuses other commands and unknown endpoints, like an agent would', async () => {
    const generator = createHomelabGenerator({ seed: 7, startTimeMs: Date.UTC(2026, 10, 1), rate: 40 });
    demo = await startDemoCluster(generator);
    const cluster = createWindowCluster(demo.kubeConfig, { ciliumNamespace: 'kube-system' });
    const located = await cluster.locate('blog');
    if (!located.ok) throw new Error(located.reason);
    const agent = located.targets[0].agentPod!;
    expect(await cluster.exec(agent, ['sh', '-c', 'id'])).toMatchObject({ ok: false, reason: expect.stringContaining('only runs cilium-dbg endpoint config') });
    expect(await cluster.exec(agent, ['cilium-dbg', 'endpoint', 'config', '99999', 'PolicyAuditMode=Enabled'])).toMatchObject({ ok: false, reason: expect.stringContaining('endpoint 99999 not found') });
  });

  it('is read by the checklist like a cluster: namespaces, cilium-config, pods without the host-network agents, the scenario\'s CNPs, no CCNP', async () => {
    const generator = createHomelabGenerator({ seed: 7, startTimeMs: Date.UTC(2026, 10, 1), rate: 40 });
    demo = await startDemoCluster(generator);
    const reader = KubernetesReader.fromKubeConfig(demo.kubeConfig, { cacheMs: 0 });
    expect(await reader.namespaces()).toEqual({ ok: true, value: ['argocd', 'blog', 'homepage', 'kube-system', 'monitoring', 'traefik', 'uptime', 'webapp'] });
    expect(await reader.auditMode()).toMatchObject({ ok: true, value: { enabled: false } });
    expect(await reader.clusterFacts()).toMatchObject({ ok: true, value: { clusterName: 'homelab' } });
    const pods = await reader.pods();
    if (!pods.ok) throw new Error(pods.reason);
    expect(pods.value.filter((p) => p.namespace === 'uptime').map((p) => p.workload)).toEqual(['uptime-kuma']);
    expect(pods.value.filter((p) => p.namespace === 'kube-system').map((p) => p.workload)).toEqual(['kube-dns', 'kube-dns']);
    const uptime = await reader.networkPolicies('uptime');
    expect(uptime.ok && uptime.value.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(['uptime/uptime-kuma']);
    const all = await reader.networkPolicies();
    expect(all.ok && all.value.length).toBe(generator.model.scenario.policies.length);
    expect(await reader.clusterwidePolicies()).toEqual({ ok: true, value: [] });
  });
});
