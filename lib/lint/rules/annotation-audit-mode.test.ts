import { describe, expect, it } from 'vitest';
import { lintPolicies } from '../run';
import { policies } from '../../policy/testdata/upstream/load-upstream';

const lint = (text: ReturnType<typeof policies>) => lintPolicies(text, {}, { only: ['annotation.audit-mode'] });

describe('annotation.audit-mode', () => {
  it('reports the annotation Cilium does not have', () => {
    const found = lint(policies`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata:
        name: blog
        namespace: blog
        annotations: {policy.cilium.io/audit-mode: "true"}
      spec: {endpointSelector: {}, ingress: [{}]}
    `);
    expect(found).toEqual([expect.objectContaining({
      code: 'CNP010', severity: 'error', path: 'metadata/annotations/policy.cilium.io~1audit-mode', policy: { name: 'blog', namespace: 'blog', kind: 'CiliumNetworkPolicy' },
    })]);
    expect(found[0].message).toContain('policy-audit-mode');
  });

  it('stays quiet for other annotations', () => {
    expect(lint(policies`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: blog, namespace: blog, annotations: {argocd.argoproj.io/sync-wave: "1"}}
      spec: {endpointSelector: {}, ingress: [{}]}
    `)).toEqual([]);
  });
});
