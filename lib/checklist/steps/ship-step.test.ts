import { describe, expect, it } from 'vitest';
import { checklistInput, cnp, confirmed, kubeOn, NOW, pod } from '../../testing/checklist-builders';
import { stepContext } from '../step-context';
import { shipStep } from './ship-step';

const blogPolicy = cnp('blog-policy', 'blog', { 'app.kubernetes.io/name': 'blog' });
const step = (overrides: Parameters<typeof checklistInput>[0]) => shipStep(stepContext(checklistInput(overrides)));

describe('step 4: ship the policies (CNPs selecting the namespace\'s pods)', () => {
  it('from Kubernetes: done when every pod is selected by a CNP of the namespace, measured only', () => {
    const s = step({ kubernetes: kubeOn({ pods: [pod('blog'), pod('blog', undefined, 'blog-7d4b9c8f6-abcde')], policies: [blogPolicy] }) });
    expect(s).toMatchObject({ state: 'done', confirmable: false });
    expect(s.evidence).toEqual([
      { label: 'CiliumNetworkPolicies selecting its pods', value: 'blog/blog-policy', source: 'kubernetes' },
      { label: 'Pods', value: '2 pods', source: 'kubernetes' },
      { label: 'Workloads not selected', value: 'none', source: 'kubernetes' },
    ]);
  });

  it('from Kubernetes: in progress when some pods are selected, todo when none, whatever a confirmation says', () => {
    const pods = [pod('blog'), pod('redis', { app: 'redis' })];
    const partial = step({ kubernetes: kubeOn({ pods, policies: [blogPolicy] }) });
    expect(partial.state).toBe('in-progress');
    expect(partial.nextAction.text).toContain('Not selected yet: redis.');
    expect(partial.nextAction.href).toBe('/namespaces/blog?tab=findings');
    expect(step({ kubernetes: kubeOn({ pods }), confirmations: [confirmed(4, NOW)] }).state).toBe('todo');
    // A CNP of another namespace never selects these pods (§1); a CCNP is not the namespace's own policy.
    const elsewhere = cnp('blog-policy', 'webapp', { 'app.kubernetes.io/name': 'blog' });
    expect(step({ kubernetes: kubeOn({ pods, policies: [elsewhere] }) }).state).toBe('todo');
  });

  it('from the policy files (no Kubernetes): done when they select every workload seen, in progress when some', () => {
    const text = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: blog-policy, namespace: blog}\nspec:\n  endpointSelector: {matchLabels: {app.kubernetes.io/name: blog}}\n  ingress: [{fromEntities: [host]}]\n';
    const files = [{ name: 'apps/blog/cilium-policies.yaml', text }];
    const s = step({ policyFiles: files });
    expect(s).toMatchObject({ state: 'done', confirmable: true });
    expect(s.evidence).toContainEqual({ label: 'Pods and policies in the cluster', value: 'Kubernetes API not read: demo mode', source: 'kubernetes' });
    expect(s.evidence).toContainEqual({ label: 'Workloads seen selected by them', value: 'blog', source: 'measured' });
    const two = checklistInput().workloads.concat({ name: 'redis', labels: ['k8s:app=redis'], lastSeen: NOW });
    expect(step({ policyFiles: files, workloads: two }).state).toBe('in-progress');
  });

  it('without Kubernetes or files: todo, in progress once AUDIT shows something selects it, done when confirmed', () => {
    expect(step({}).state).toBe('todo');
    expect(step({ audit: { flows: 3, firstAuditAt: NOW - 5, lastAuditAt: NOW } }).state).toBe('in-progress');
    const s = step({ confirmations: [confirmed(4, NOW - 60_000, 'dave')] });
    expect(s).toMatchObject({ state: 'done', confirmedBy: 'dave', confirmable: true });
  });

  it('says why the cluster could not be read', () => {
    const s = step({ kubernetes: kubeOn({ pods: { ok: false, reason: 'timeout after 5000 ms' } }) });
    expect(s.evidence[0]).toEqual({ label: 'Pods and policies in the cluster', value: 'Kubernetes API not reachable: timeout after 5000 ms', source: 'kubernetes' });
    expect(s.confirmable).toBe(true);
  });
});
