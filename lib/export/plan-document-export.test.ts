import { describe, expect, it } from 'vitest';
import { defaultDenyCcnp, defaultDenyCcnpYaml } from '../policy/default-deny-ccnp';
import { source } from '../policy/testdata/source';
import { parseAllDocuments } from 'yaml';
import { expectValidCnp } from '../testing/cnp-schema';
import { planDocumentExport } from './plan-document-export';
import { indexPolicyFile } from './policy-index';

const policy = defaultDenyCcnp();
const yaml = defaultDenyCcnpYaml(policy);

function planWith(files: Record<string, string>) {
  const repoFiles = new Map(Object.entries(files));
  const index = [...repoFiles].flatMap(([path, text]) => indexPolicyFile(path, text));
  return planDocumentExport({ policy, yaml, fallbackPath: 'cluster/default-deny.yaml', repoFiles, index });
}

describe('planDocumentExport (the step-8 CCNP)', () => {
  it('writes a new file at the fallback path', () => {
    expect(planWith({})).toEqual([{ path: 'cluster/default-deny.yaml', oldText: undefined, newText: yaml, summary: ['new CiliumClusterwideNetworkPolicy lockstep-default-deny'] }]);
  });

  it('replaces the document of the same kind and name where it lives; other documents stay byte for byte', () => {
    const before = source`
      # Cluster baseline.
      apiVersion: v1
      kind: Namespace
      metadata: {name: apps}   # odd spacing kept
      ---
      apiVersion: cilium.io/v2
      kind: CiliumClusterwideNetworkPolicy
      metadata:
        name: lockstep-default-deny
      spec:
        endpointSelector: {}
        ingress: [{}]
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: tail}
    `;
    const [change] = planWith({ 'infra/baseline.yaml': before });
    expect(change.path).toBe('infra/baseline.yaml');
    expect(change.summary).toEqual(['CiliumClusterwideNetworkPolicy lockstep-default-deny replaced']);
    expect(change.newText.startsWith('# Cluster baseline.\napiVersion: v1\nkind: Namespace\nmetadata: {name: apps}   # odd spacing kept\n')).toBe(true);
    expect(change.newText.endsWith('---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: tail}\n')).toBe(true);
    expect(change.newText).toContain(yaml);
    const docs = parseAllDocuments(change.newText).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['Namespace', 'CiliumClusterwideNetworkPolicy', 'ConfigMap']);
    expectValidCnp(docs[1]);
    // Exported again on top of itself: nothing to change.
    expect(planWith({ 'infra/baseline.yaml': change.newText })).toEqual([]);
  });

  it('appends to the fallback file when it exists without the policy', () => {
    const [change] = planWith({ 'cluster/default-deny.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}' });
    expect(change.newText).toBe(`apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n${yaml}`);
  });
});
