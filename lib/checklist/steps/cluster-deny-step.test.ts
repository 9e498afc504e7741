import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { CiliumPolicy } from '../../policy/cnp-types';
import { defaultDenyCcnp } from '../../policy/default-deny-ccnp';
import { expectValidCnp } from '../../testing/cnp-schema';
import { checklistInput, confirmed, kubeOn, NOW } from '../../testing/checklist-builders';
import { stepContext } from '../step-context';
import { clusterDenyStep } from './cluster-deny-step';

const step = (overrides: Parameters<typeof checklistInput>[0]) => clusterDenyStep(stepContext(checklistInput(overrides)));
const withoutDns: CiliumPolicy = { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'deny-all' }, spec: { endpointSelector: {}, ingress: [{}], egress: [{}] } };
const onlyWebapp: CiliumPolicy = {
  apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'webapp-only' },
  spec: { endpointSelector: { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'blog' } }, ingress: [{}] },
};

describe('step 8: cluster-wide default-deny CCNP with DNS in the same resource', () => {
  it('is done when a default-deny CCNP covers new namespaces and allows DNS in the same resource', () => {
    const s = step({ kubernetes: kubeOn({ clusterPolicies: [defaultDenyCcnp()] }) });
    expect(s).toMatchObject({ state: 'done', confirmable: false, warnings: [] });
    expect(s.evidence).toEqual([
      { label: 'Default-deny CCNPs', value: 'lockstep-default-deny', source: 'kubernetes' },
      { label: 'Covers blog', value: 'yes', source: 'kubernetes' },
      { label: 'Covers new namespaces', value: 'yes', source: 'kubernetes' },
      { label: 'DNS allowed in the same resource', value: 'yes', source: 'kubernetes' },
    ]);
  });

  it('is blocked, with an error, when a default-deny CCNP lacks the DNS allow', () => {
    const s = step({ kubernetes: kubeOn({ clusterPolicies: [withoutDns] }) });
    expect(s.state).toBe('blocked');
    expect(s.warnings).toEqual([expect.objectContaining({ code: 'ccnp.dns-not-in-same-resource', severity: 'error' })]);
  });

  it('is in progress when a default-deny CCNP covers some namespaces but not new ones; todo without any', () => {
    expect(step({ kubernetes: kubeOn({ clusterPolicies: [onlyWebapp] }) }).state).toBe('in-progress');
    const none = step({ kubernetes: kubeOn() });
    expect(none.state).toBe('todo');
    expect(none.evidence).toEqual([{ label: 'Default-deny CCNPs', value: 'none', source: 'kubernetes' }]);
  });

  it('hands over the CCNP (valid, DNS in the same resource, resolver source said) as YAML', () => {
    const s = step({ kubernetes: kubeOn() });
    expect(s.nextAction.language).toBe('yaml');
    expect(s.nextAction.copy).toContain('No DNS traffic was recorded');
    const [doc] = parseAllDocuments(s.nextAction.copy!).map((d) => d.toJS());
    expectValidCnp(doc);
    expect(doc.kind).toBe('CiliumClusterwideNetworkPolicy');
  });

  it('falls back to a confirmation when the CCNPs cannot be read', () => {
    const unread = step({ kubernetes: kubeOn({ clusterPolicies: { ok: false, reason: '403 Forbidden' } }) });
    expect(unread).toMatchObject({ state: 'todo', confirmable: true });
    expect(unread.evidence).toEqual([{ label: 'CiliumClusterwideNetworkPolicies', value: 'Kubernetes API not reachable: 403 Forbidden', source: 'kubernetes' }]);
    expect(step({ confirmations: [confirmed(8, NOW, 'gina')] })).toMatchObject({ state: 'done', confirmedBy: 'gina' });
  });
});
