import { describe, expect, it } from 'vitest';
import { cnp, kubeOn, NOW, pod } from '../testing/checklist-builders';
import type { CiliumPolicy } from '../policy/cnp-types';
import { namespaceSelection, podSubject, selectPolicies } from './policy-selection';

const ccnp: CiliumPolicy = { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'all' }, spec: { endpointSelector: {}, ingress: [{}] } };

describe('selectPolicies', () => {
  const pods = [podSubject(pod('blog'), 'blog'), podSubject(pod('redis', { app: 'redis' }), 'blog')];

  it('evaluates endpointSelectors against pod labels, scoped to the CNP\'s namespace (with or without k8s: prefix)', () => {
    const prefixed = cnp('p', 'blog', { 'k8s:app.kubernetes.io/name': 'blog' });
    expect(selectPolicies([prefixed], pods, 'blog')).toEqual({ policies: ['CiliumNetworkPolicy blog/p'], selected: ['blog'], unselected: ['redis'] });
    expect(selectPolicies([cnp('p', 'other', { 'app.kubernetes.io/name': 'blog' })], pods, 'blog').policies).toEqual([]);
  });

  it('counts CCNPs unless asked for CNPs only, and ignores rule-less specs (they deny nothing)', () => {
    expect(selectPolicies([ccnp], pods, 'blog').selected).toEqual(['blog', 'redis']);
    expect(selectPolicies([ccnp], pods, 'blog', { kinds: ['CiliumNetworkPolicy'] }).policies).toEqual([]);
    const empty: CiliumPolicy = { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'e', namespace: 'blog' }, spec: { endpointSelector: {} } };
    expect(selectPolicies([empty], pods, 'blog').policies).toEqual([]);
  });

  it('marks a workload unselected when any of its pods is not selected', () => {
    const a = podSubject(pod('web', { app: 'web', tier: 'a' }, 'web-0'), 'blog');
    const b = podSubject(pod('web', { app: 'web', tier: 'b' }, 'web-1'), 'blog');
    expect(selectPolicies([cnp('p', 'blog', { tier: 'a' })], [a, b], 'blog')).toMatchObject({ selected: [], unselected: ['web'] });
  });
});

describe('namespaceSelection', () => {
  const workloads = [{ name: 'blog', labels: ['k8s:app.kubernetes.io/name=blog'], lastSeen: NOW }];
  const file = { name: 'apps/blog/p.yaml', text: 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: blog}\nspec:\n  endpointSelector: {matchLabels: {app.kubernetes.io/name: blog}}\n  ingress: [{}]\n---\nkind: ConfigMap\n' };

  it('prefers Kubernetes pods and policies, CCNPs included', () => {
    const s = namespaceSelection('blog', kubeOn({ pods: [pod('blog')], clusterPolicies: [ccnp] }), [file], workloads);
    expect(s).toMatchObject({ source: 'kubernetes', subjects: 1, policies: ['CiliumClusterwideNetworkPolicy all'], own: { policies: [] } });
  });

  it('falls back to the known policy files against the workloads seen, then to unknown', () => {
    expect(namespaceSelection('blog', { status: 'off', reason: 'demo mode' }, [file], workloads)).toMatchObject({ source: 'repository', own: { policies: ['CiliumNetworkPolicy blog/p'], selected: ['blog'] } });
    expect(namespaceSelection('blog', kubeOn({ pods: { ok: false, reason: 'x' } }), [], workloads)).toMatchObject({ source: 'unknown', subjects: 0 });
    expect(namespaceSelection('blog', { status: 'off', reason: 'x' }, [{ name: 'bad.yaml', text: 'a: [' }], workloads).source).toBe('unknown');
  });
});
