import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { createLockstepMetrics } from '../metrics';
import { loadKubeConfig } from './kube-config';
import { KubernetesReader } from './kube-reader';
import { startFakeKubeApi, type FakeKubeApi } from './testing/fake-kube-api';

const blogPolicy = {
  apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy',
  metadata: { name: 'blog-policy', namespace: 'blog', uid: 'x', managedFields: [{}] },
  spec: { endpointSelector: { matchLabels: { 'app.kubernetes.io/name': 'blog' } }, ingress: [{ fromEntities: ['host'] }] },
};
const ccnp = { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'lockstep-default-deny' }, spec: { endpointSelector: {}, ingress: [{}] } };

describe('KubernetesReader against a fake API server', () => {
  let api: FakeKubeApi;
  afterEach(() => api?.close());

  it('reads allow-localhost and cluster-name from cilium-config, with Cilium defaults for missing keys', async () => {
    api = await startFakeKubeApi({ configMap: { data: { 'allow-localhost': 'policy', 'cluster-name': 'homelab' } } });
    expect(await KubernetesReader.fromKubeConfig(api.kubeConfig()).clusterFacts()).toEqual({
      ok: true, value: { allowLocalhost: 'policy', clusterName: 'homelab', allowLocalhostSource: 'cilium-config' },
    });
    api.close();
    api = await startFakeKubeApi({ configMap: { data: {} } });
    expect(await KubernetesReader.fromKubeConfig(api.kubeConfig()).clusterFacts()).toEqual({
      ok: true, value: { allowLocalhost: 'auto', clusterName: 'default', allowLocalhostSource: 'cilium-config' },
    });
  });

  it('reads policy-audit-mode with its change hint, pods with workloads, CNPs and CCNPs (bearer token sent)', async () => {
    api = await startFakeKubeApi({
      configMap: {
        data: { 'policy-audit-mode': 'true', 'enable-policy': 'default' },
        resourceVersion: '4711',
        managedFields: [
          { time: '2026-10-01T08:00:00Z', fieldsV1: { 'f:data': { 'f:enable-policy': {} } } },
          { time: '2026-11-01T09:30:00Z', fieldsV1: { 'f:data': { 'f:policy-audit-mode': {} } } },
        ],
      },
      namespaces: ['webapp', 'blog'],
      pods: [
        { namespace: 'blog', name: 'blog-7d4b9c8f6-x2x9z', labels: { 'app.kubernetes.io/name': 'blog', 'pod-template-hash': '7d4b9c8f6' } },
        { namespace: 'blog', name: 'backup-28901234-x7k2q' },
        { namespace: 'blog', name: 'node-exporter-x2x9z', hostNetwork: true },
        { namespace: 'blog', name: 'migrate-x2x9z', phase: 'Succeeded' },
        { namespace: 'webapp', name: 'postgres-0', labels: { app: 'postgres' } },
      ],
      cnps: [blogPolicy],
      ccnps: [ccnp],
    });
    const reader = KubernetesReader.fromKubeConfig(api.kubeConfig());
    const facts = await reader.namespaceFacts('blog');
    expect(facts).toEqual({
      status: 'on',
      auditMode: { ok: true, value: { enabled: true, changedAt: Date.parse('2026-11-01T09:30:00Z'), resourceVersion: '4711' } },
      pods: {
        ok: true,
        value: [
          { namespace: 'blog', name: 'backup-28901234-x7k2q', workload: 'backup', labels: {} },
          { namespace: 'blog', name: 'blog-7d4b9c8f6-x2x9z', workload: 'blog', labels: { 'app.kubernetes.io/name': 'blog', 'pod-template-hash': '7d4b9c8f6' } },
        ],
      },
      policies: { ok: true, value: [{ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'blog-policy', namespace: 'blog' }, spec: blogPolicy.spec }] },
      clusterPolicies: { ok: true, value: [{ ...ccnp }] },
    });
    expect(await reader.namespaces()).toEqual({ ok: true, value: ['blog', 'webapp'] });
    expect((await reader.pods()).ok && (await reader.pods()).ok).toBe(true);
    expect(api.requests.map((r) => r.path).sort()).toEqual([
      '/api/v1/namespaces',
      '/api/v1/namespaces/blog/pods',
      '/api/v1/namespaces/kube-system/configmaps/cilium-config',
      '/api/v1/pods',
      '/apis/cilium.io/v2/ciliumclusterwidenetworkpolicies',
      '/apis/cilium.io/v2/namespaces/blog/ciliumnetworkpolicies',
    ]);
    expect(new Set(api.requests.map((r) => r.authorization))).toEqual(new Set(['Bearer fake-token']));
  });

  it('treats a missing key as Cilium\'s default (off) and caches answers for cacheMs', async () => {
    api = await startFakeKubeApi({ configMap: { data: {} } });
    let now = 1_000;
    const reader = KubernetesReader.fromKubeConfig(api.kubeConfig(), { cacheMs: 30_000, clock: () => now });
    expect(await reader.auditMode()).toEqual({ ok: true, value: { enabled: false, changedAt: undefined, resourceVersion: '1' } });
    api.state.configMap = { data: { 'policy-audit-mode': 'true' } };
    expect((await reader.auditMode()).ok && (await reader.auditMode())).toMatchObject({ value: { enabled: false } });
    now += 30_000;
    expect(await reader.auditMode()).toMatchObject({ ok: true, value: { enabled: true } });
    expect(api.requests).toHaveLength(2);
  });

  it('reports 403 Forbidden with the API server\'s message, counts it, and never throws', async () => {
    api = await startFakeKubeApi({ forbidden: ['/api/v1/namespaces/kube-system/configmaps'], pods: [] });
    const metrics = createLockstepMetrics();
    const reader = KubernetesReader.fromKubeConfig(api.kubeConfig(), { metrics });
    const facts = await reader.namespaceFacts('blog');
    if (facts.status !== 'on') throw new Error('expected on');
    expect(facts.auditMode.ok).toBe(false);
    expect(!facts.auditMode.ok && facts.auditMode.reason).toMatch(/^403 Forbidden: configmaps "cilium-config" is forbidden: User "system:serviceaccount:lockstep:lockstep"/);
    expect(facts.pods).toEqual({ ok: true, value: [] });
    expect(metrics.get('lockstep_kubernetes_errors_total', { call: 'cilium-config' })).toBe(1);
    expect(metrics.render()).toContain('lockstep_kubernetes_errors_total{call="cilium-config"} 1');
  });

  it('gives up after the timeout', async () => {
    api = await startFakeKubeApi({ configMap: { data: {} }, delayMs: 2_000 });
    const reader = KubernetesReader.fromKubeConfig(api.kubeConfig(), { timeoutMs: 150 });
    const started = Date.now();
    expect(await reader.auditMode()).toEqual({ ok: false, reason: 'timeout after 150 ms' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('reports an unreachable API server', async () => {
    api = await startFakeKubeApi();
    const kubeConfig = api.kubeConfig();
    await api.close();
    const reader = KubernetesReader.fromKubeConfig(kubeConfig, { timeoutMs: 2_000 });
    const fact = await reader.auditMode();
    expect(fact.ok).toBe(false);
    expect(!fact.ok && fact.reason).toMatch(/ECONNREFUSED/);
  });

  it('is off in demo mode, with LOCKSTEP_KUBERNETES=off, and without credentials', async () => {
    const config = { mode: 'auto' as const, kubeconfig: '/nonexistent/kubeconfig', inCluster: false, timeoutMs: 5_000, cacheMs: 30_000, ciliumNamespace: 'kube-system' };
    expect(loadKubeConfig(config, { demo: true })).toEqual({ ok: false, reason: 'demo mode (the embedded demo relay is not a cluster)' });
    expect(loadKubeConfig({ ...config, mode: 'off' }, { demo: false })).toEqual({ ok: false, reason: 'LOCKSTEP_KUBERNETES=off' });
    const none = loadKubeConfig(config, { demo: false });
    expect(none).toEqual({ ok: false, reason: 'no in-cluster service account and no kubeconfig file' });
    const reader = new KubernetesReader(none);
    expect(reader.status).toEqual({ enabled: false, reason: 'no in-cluster service account and no kubeconfig file' });
    expect(await reader.namespaceFacts('blog')).toEqual({ status: 'off', reason: 'no in-cluster service account and no kubeconfig file' });
    expect(await reader.pods()).toEqual({ ok: false, reason: 'no in-cluster service account and no kubeconfig file' });
  });
});

describe('KubernetesReader without a usable configuration', () => {
  it('reports a configuration without a current cluster instead of throwing', async () => {
    const reader = KubernetesReader.fromKubeConfig(new KubeConfig());
    expect(reader.status).toEqual({ enabled: false, reason: 'cannot create a Kubernetes client: No active cluster!' });
    expect(await reader.namespaceFacts('blog')).toMatchObject({ status: 'off' });
  });
});
