import { describe, expect, it } from 'vitest';
import { extractFindings } from '../findings/extract-findings';
import { expectValidCnp, expectValidCnpYaml } from '../testing/cnp-schema';
import { demoFlows } from './testdata/demo-scenario';
import { synthesizeChecked as synthesizePolicies } from './testdata/synthesize-checked';
import { policiesToYaml } from './to-yaml';

const findings = extractFindings(demoFlows()).findings;

describe('synthesizePolicies on the demo scenario', () => {
  it('matches the golden YAML (testdata/demo-policies.yaml), which validates against the CRD', async () => {
    const yaml = policiesToYaml(synthesizePolicies(findings).policies);
    await expect(yaml).toMatchFileSnapshot('testdata/demo-policies.yaml');
    expect(expectValidCnpYaml(yaml)).toHaveLength(5);
  });

  it('without evidence comments (testdata/demo-policies-plain.yaml)', async () => {
    const yaml = policiesToYaml(synthesizePolicies(findings, { fqdnPatterns: true }).policies, { evidenceComments: false });
    expect(yaml).not.toContain('#');
    await expect(yaml).toMatchFileSnapshot('testdata/demo-policies-plain.yaml');
    expectValidCnpYaml(yaml);
  });

  it('makes one policy per subject workload, named <workload>-lockstep', () => {
    const { policies } = synthesizePolicies(findings);
    expect(policies.map((p) => p.id)).toEqual([
      'argocd/argocd-application-controller-lockstep',
      'argocd/argocd-repo-server-lockstep',
      'blog/blog-lockstep',
      'webapp/postgres-lockstep',
      'webapp/webapp-lockstep',
    ]);
    policies.forEach((p) => expectValidCnp(p.policy));
  });

  it('is deterministic: shuffled flows and findings give the same YAML', () => {
    const shuffled = [...demoFlows()].sort((a, b) => (a.uuid < b.uuid ? 1 : -1));
    const again = extractFindings(shuffled).findings.reverse();
    expect(policiesToYaml(synthesizePolicies(again).policies)).toBe(policiesToYaml(synthesizePolicies(findings).policies));
  });

  it('only uses the findings the caller includes', () => {
    const blogOnly = findings.filter((f) => f.subject.namespace === 'blog' && f.peer.kind !== 'entity');
    const { policies } = synthesizePolicies(blogOnly);
    expect(policies).toHaveLength(1);
    expect(policies[0].policy.spec?.ingress).toHaveLength(1);
    expect(policies[0].findingIds).toEqual(blogOnly.map((f) => f.id).sort());
    expect(synthesizePolicies([])).toEqual({ policies: [], files: [], problems: [] });
  });

  it('keeps evidence per rule, index-aligned with the rules', () => {
    const blog = synthesizePolicies(findings).policies.find((p) => p.id === 'blog/blog-lockstep')!;
    expect(blog.evidence.ingress).toHaveLength(blog.policy.spec!.ingress!.length);
    expect(blog.evidence.ingress[0]).toMatchObject({ flows: 3, blockedFlows: 0 });
    expect(blog.evidence.ingress[0].lastSeen - blog.evidence.ingress[0].firstSeen).toBe(2 * 60_000);
  });
});
