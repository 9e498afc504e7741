import { afterEach, describe, expect, it } from 'vitest';
import { startDemoKubeApi, type DemoKubeApi, type DemoKubeState } from '../../demo-relay/demo-kube-api';
import { waitFor } from '../../ingest/testing/wait-for';
import { createWindowCluster } from './window-cluster';

function cluster(): DemoKubeState {
  return {
    pods: [
      { namespace: 'kube-system', name: 'cilium-aaaaa', nodeName: 'node-1', labels: { 'k8s-app': 'cilium' } },
      { namespace: 'kube-system', name: 'cilium-bbbbb', nodeName: 'node-2', labels: { 'k8s-app': 'cilium' } },
      { namespace: 'kube-system', name: 'coredns-1', nodeName: 'node-2', labels: { 'k8s-app': 'kube-dns' } },
      { namespace: 'monitoring', name: 'prometheus-0', nodeName: 'node-1' },
      { namespace: 'monitoring', name: 'grafana-abc', nodeName: 'node-2' },
      { namespace: 'monitoring', name: 'pending-pod' },
    ],
    ciliumEndpoints: [
      { namespace: 'monitoring', name: 'prometheus-0', id: 812 },
      { namespace: 'monitoring', name: 'grafana-abc', id: 44 },
      { namespace: 'blog', name: 'blog-1', id: 9 },
    ],
  };
}

let api: DemoKubeApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('the window cluster on @kubernetes/client-node', () => {
  it('finds each endpoint id, node and the Cilium agent of that node', async () => {
    api = await startDemoKubeApi({ state: cluster() });
    const c = createWindowCluster(api.kubeConfig(), { ciliumNamespace: 'kube-system' });
    const found = await c.locate('monitoring');
    expect(found).toEqual({ ok: true, targets: [
      { pod: 'prometheus-0', endpointId: 812, node: 'node-1', agentPod: 'cilium-aaaaa' },
      { pod: 'grafana-abc', endpointId: 44, node: 'node-2', agentPod: 'cilium-bbbbb' },
    ] });
  });

  it('runs a command in the agent container over the exec WebSocket and reads stdout and the exit status', async () => {
    api = await startDemoKubeApi({ state: cluster(), exec: (call) => (call.command[3] === '44' ? { stderr: 'endpoint not found', exitCode: 1 } : { stdout: 'Endpoint 812 configuration updated successfully\n' }) });
    const c = createWindowCluster(api.kubeConfig(), { ciliumNamespace: 'kube-system' });
    const ok = await c.exec('cilium-aaaaa', ['cilium-dbg', 'endpoint', 'config', '812', 'PolicyAuditMode=Enabled']);
    expect(ok).toEqual({ ok: true, stdout: 'Endpoint 812 configuration updated successfully' });
    const bad = await c.exec('cilium-bbbbb', ['cilium-dbg', 'endpoint', 'config', '44', 'PolicyAuditMode=Enabled']);
    expect(bad).toMatchObject({ ok: false, forbidden: false, reason: expect.stringContaining('endpoint not found') });
    expect(api.commands.map((x) => [x.namespace, x.pod, x.container, x.command.join(' ')])).toEqual([
      ['kube-system', 'cilium-aaaaa', 'cilium-agent', 'cilium-dbg endpoint config 812 PolicyAuditMode=Enabled'],
      ['kube-system', 'cilium-bbbbb', 'cilium-agent', 'cilium-dbg endpoint config 44 PolicyAuditMode=Enabled'],
    ]);
    expect(api.commands[0].protocol).toMatch(/^v[45]\.channel\.k8s\.io$/);
  });

  it('tells a refused exec (403) apart, and answers the access review', async () => {
    api = await startDemoKubeApi({ state: { ...cluster(), forbidden: ['/api/v1/namespaces/kube-system/pods/'] } });
    const c = createWindowCluster(api.kubeConfig(), { ciliumNamespace: 'kube-system' });
    expect(await c.exec('cilium-aaaaa', ['true'])).toMatchObject({ ok: false, forbidden: true });
    expect(await c.canExec()).toMatchObject({ ok: true, allowed: false });
    expect(api.commands).toEqual([]);
  });

  it('reports a forbidden CiliumEndpoint list as forbidden', async () => {
    api = await startDemoKubeApi({ state: { ...cluster(), forbidden: ['/apis/cilium.io/'] } });
    const c = createWindowCluster(api.kubeConfig(), { ciliumNamespace: 'kube-system' });
    expect(await c.locate('monitoring')).toMatchObject({ ok: false, forbidden: true, reason: expect.stringContaining('403') });
  });

  it('watches CiliumEndpoints: a new pod of the namespace is reported', async () => {
    api = await startDemoKubeApi({ state: cluster() });
    const c = createWindowCluster(api.kubeConfig(), { ciliumNamespace: 'kube-system' });
    let changes = 0;
    const stop = c.watch('monitoring', () => changes++);
    await waitFor(() => api!.watchCount() === 1 && changes >= 2, 10_000, 'the watch and its initial ADDED events');
    const before = changes;
    api.update((s) => s.ciliumEndpoints.push({ namespace: 'monitoring', name: 'alertmanager-0', id: 77 }));
    await waitFor(() => changes > before, 10_000, 'the ADDED event');
    stop();
  });
});
