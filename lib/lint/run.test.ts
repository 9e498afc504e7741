import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { lintPolicies } from './run';
import { LINT_RULES } from './all-rules';
import { LINT_REGISTRY, formatLintMessage, type LintId } from './registry';
import { locatePath, pathSegments } from './locate-path';
import type { CiliumPolicy } from '../policy/cnp-types';
import { loadUpstream } from '../policy/testdata/upstream/load-upstream';

const text = readFileSync(path.join(__dirname, 'testdata/multi-document.yaml'), 'utf8');
const docs = parseAllDocuments(text).map((d) => d.toJS() as CiliumPolicy);
const inputs = docs.map((policy, documentIndex) => ({ policy, sourceText: text, sourcePath: 'policies/multi-document.yaml', documentIndex }));

describe('registry', () => {
  it('has one rule per id, unique CNP codes, and rules in code order', () => {
    const ids = Object.keys(LINT_REGISTRY) as LintId[];
    expect(LINT_RULES.map((r) => r.id)).toEqual(ids);
    const codes = ids.map((id) => LINT_REGISTRY[id].code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual([...codes].sort());
    for (const code of codes) expect(code).toMatch(/^CNP\d{3}$/);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatLintMessage('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});

describe('lintPolicies', () => {
  it('reports problems of every policy with code, path, policy and source position, sorted', () => {
    const found = lintPolicies(inputs);
    expect(found.map((p) => [p.code, p.path, p.policy?.name, p.source?.line, p.source?.column])).toEqual([
      ['CNP005', 'spec/ingress[0]/fromEndpoints[0]', 'allow-luke', 12, 11],
      ['CNP010', 'metadata/annotations/policy.cilium.io~1audit-mode', 'db', 21, 34],
      ['CNP006', 'spec/endpointSelector/matchLabels/statefulset.kubernetes.io~1pod-name', 'db', 25, 43],
    ]);
    expect(found[0].source?.path).toBe('policies/multi-document.yaml');
    expect(found[1].policy).toEqual({ name: 'db', namespace: 'data', kind: 'CiliumNetworkPolicy' });
  });

  it('accepts bare policies and a rule subset, and puts rollout-level problems first', () => {
    const found = lintPolicies(docs, { auditSince: 0, now: 30 * 86_400_000 }, { only: ['audit.window-too-long', 'annotation.audit-mode'] });
    expect(found.map((p) => p.code)).toEqual(['CNP009', 'CNP010']);
    expect(found[1].source).toBeUndefined();
  });

  it('finds nothing in clean upstream policies', () => {
    const clean = ['homelab-mortennordbye/k8s/talos/apps/blog/ciliumnetworkpolicy.yaml', 'cilium-examples/kubernetes-dns/dns-port.yaml'].flatMap((f) => loadUpstream(f));
    expect(lintPolicies(clean, { auditSince: 0, now: 86_400_000 })).toEqual([]);
  });
});

describe('locatePath', () => {
  it('splits paths with indexes and escaped keys', () => {
    expect(pathSegments('specs[1]/egress[0]/toPorts[2]/ports[0]/port')).toEqual(['specs', 1, 'egress', 0, 'toPorts', 2, 'ports', 0, 'port']);
    expect(pathSegments('metadata/annotations/a~1b~0c')).toEqual(['metadata', 'annotations', 'a/b~c']);
  });

  it('falls back to the deepest existing node, and to undefined for a missing document', () => {
    expect(locatePath(text, 1, 'spec/ingress[0]/toPorts[0]')).toEqual({ line: 27, column: 7 });
    expect(locatePath(text, 5, 'spec')).toBeUndefined();
  });
});
