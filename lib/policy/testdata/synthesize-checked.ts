/**
 * Test-only: `synthesizePolicies` plus CRD validation of everything it produces (every new policy, its YAML with
 * and without comments, and every Cilium document of every patched file), so that no test output escapes the
 * schema check.
 */
import { expect } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Finding } from '../../findings/finding';
import { expectValidCnp, expectValidCnpYaml } from '../../testing/cnp-schema';
import { synthesizePolicies } from '../synthesize';
import type { SynthesisResult, SynthesizeOptions } from '../suggested-policy';
import { policiesToYaml } from '../to-yaml';

/** Validates every Cilium policy document of a file (other kinds are left alone). */
export function expectValidPolicyFile(text: string): void {
  for (const doc of parseAllDocuments(text) as unknown as { errors: unknown[]; toJS(): { kind?: unknown } }[]) {
    expect(doc.errors).toEqual([]);
    const value = doc.toJS();
    if (typeof value?.kind !== 'string' || !value.kind.startsWith('Cilium')) continue;
    // A user's namespaced policy may leave the namespace to kubectl (`-n`); the schema check does not care.
    const meta = (value as { metadata?: { namespace?: string } }).metadata;
    const namespaced = value.kind === 'CiliumNetworkPolicy' && !meta?.namespace ? { ...value, metadata: { ...meta, namespace: 'default' } } : value;
    expectValidCnp(namespaced);
  }
}

/** {@link synthesizePolicies}, asserting that every output is a valid CNP. */
export function synthesizeChecked(findings: readonly Finding[], options: SynthesizeOptions = {}): SynthesisResult {
  const result = synthesizePolicies(findings, options);
  result.policies.forEach((p) => expectValidCnp(p.policy));
  expectValidCnpYaml(policiesToYaml(result.policies));
  expectValidCnpYaml(policiesToYaml(result.policies, { evidenceComments: false }));
  result.files.forEach((f) => expectValidPolicyFile(f.newText));
  return result;
}
