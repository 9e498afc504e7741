import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../flow/flow';
import { endpoint } from '../testing/flow-builders';
import { isStableLabelKey, workloadOf } from './workload-identity';
import { workloadNameOfPod } from './workload-name-of-pod';

const bare = (fields: Partial<Endpoint>): Endpoint => ({ id: 0, identity: 0, clusterName: '', namespace: '', labels: [], podName: '', workloads: [], ...fields });

describe('workloadOf', () => {
  it('prefers app.kubernetes.io/name, then app, k8s-app, name', () => {
    const ep = endpoint('shop/x', { labels: { app: 'web', 'k8s-app': 'k', name: 'n', 'app.kubernetes.io/name': 'storefront' } });
    expect(workloadOf(ep)).toMatchObject({ id: 'shop/storefront', label: 'storefront', kind: 'workload', namespace: 'shop' });
    expect(workloadOf(endpoint('shop/x', { labels: { 'k8s-app': 'k', name: 'n' } })).id).toBe('shop/k');
    expect(workloadOf(endpoint('shop/x', { labels: { name: 'n' } })).id).toBe('shop/n');
  });

  it('takes a custom label priority', () => {
    const ep = endpoint('shop/x', { labels: { app: 'web', component: 'frontend' } });
    expect(workloadOf(ep, { labelPriority: ['component', 'app'] }).id).toBe('shop/frontend');
  });

  it('falls back to Endpoint.workloads, then to the pod name without its replica suffix', () => {
    expect(workloadOf({ ...endpoint('shop/cart', { labels: {} }), workloads: [{ name: 'cart', kind: 'Deployment' }] }).id).toBe('shop/cart');
    expect(workloadOf(bare({ namespace: 'shop', podName: 'cart-7d4b9c8f6-x2x9z' })).id).toBe('shop/cart');
  });

  it('keeps only stable k8s labels, sorted', () => {
    const ep = endpoint('db/postgres', { labels: { app: 'postgres', 'statefulset.kubernetes.io/pod-name': 'postgres-0', 'controller-revision-hash': 'abc', 'batch.kubernetes.io/job-name': 'j' } });
    expect(workloadOf(ep).labels).toEqual(['k8s:app=postgres', 'k8s:io.kubernetes.pod.namespace=db']);
  });

});

describe('workloadOf: entities and world', () => {
  it('gives each reserved entity its own node kind', () => {
    for (const name of ['host', 'remote-node', 'health', 'ingress']) {
      expect(workloadOf(endpoint(`reserved:${name}`))).toMatchObject({ id: `entity:${name}`, kind: name, namespace: '' });
    }
    expect(workloadOf(endpoint('reserved:kube-apiserver'))).toMatchObject({ id: 'entity:kube-apiserver', kind: 'kube-apiserver' });
    expect(workloadOf(bare({ identity: 3 })).kind).toBe('unmanaged');
    expect(workloadOf(bare({ identity: 5, labels: ['reserved:init'] })).kind).toBe('init');
  });

  it('splits world by DNS name when names are known, else one world node', () => {
    expect(workloadOf(endpoint('reserved:world'))).toMatchObject({ id: 'entity:world', kind: 'world' });
    expect(workloadOf(endpoint('reserved:world'), { names: ['API.github.com.'] })).toMatchObject({ id: 'world:api.github.com', label: 'api.github.com', kind: 'fqdn' });
    expect(workloadOf(endpoint('reserved:world'), { names: ['github.com', 'api.github.com'] }).id).toBe('world:api.github.com');
    expect(workloadOf(bare({ identity: 9, labels: ['reserved:world-ipv4'] })).id).toBe('entity:world');
  });

  it('treats a CIDR identity without reserved:world as world, and never splits pods by name', () => {
    expect(workloadOf(bare({ identity: 16777217, labels: ['cidr:140.82.0.0/16'] })).id).toBe('entity:world');
    expect(workloadOf(bare({ labels: ['cidr:10.0.0.0/8'] })).id).toBe('entity:world');
    expect(workloadOf(endpoint('blog/blog'), { names: ['blog.blog.svc.cluster.local'] }).id).toBe('blog/blog');
  });

});

describe('workloadOf: field-masked endpoints', () => {
  it('still finds a node for field-masked endpoints', () => {
    expect(workloadOf(bare({ namespace: 'blog', podName: 'blog-0' })).id).toBe('blog/blog');
    expect(workloadOf(bare({ labels: ['k8s:io.kubernetes.pod.namespace=blog', 'k8s:app=blog'] })).id).toBe('blog/blog');
    expect(workloadOf(bare({ namespace: 'blog' }))).toMatchObject({ id: 'unknown:blog', kind: 'unknown', namespace: 'blog' });
    expect(workloadOf(bare({ identity: 4242 }))).toMatchObject({ id: 'identity:4242', kind: 'unknown' });
    expect(workloadOf(bare({}))).toMatchObject({ id: 'unknown', kind: 'unknown', namespace: '' });
  });
});

describe('workloadNameOfPod', () => {
  it.each([
    ['blog-7d4b9c8f6-x2x9z', 'blog'],
    ['argocd-repo-server-6b8d9f7c5-zt4xk', 'argocd-repo-server'],
    ['backup-28901234-x2x9z', 'backup'],
    ['postgres-0', 'postgres'],
    ['web-1-7d4b9c8f6-x2x9z', 'web-1'],
    ['cilium-x2x9z', 'cilium'],
    ['debug-shell', 'debug-shell'],
    ['nginx', 'nginx'],
  ])('%s → %s', (pod, workload) => expect(workloadNameOfPod(pod)).toBe(workload));
});

describe('isStableLabelKey', () => {
  it('rejects per-pod and per-revision keys', () => {
    for (const key of ['pod-template-hash', 'controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index', 'job-name', 'batch.kubernetes.io/controller-uid', 'io.cilium.k8s.policy.serviceaccount']) {
      expect(isStableLabelKey(key), key).toBe(false);
    }
    expect(isStableLabelKey('app.kubernetes.io/name')).toBe(true);
  });
});
