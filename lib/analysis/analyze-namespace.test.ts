import { describe, expect, it } from 'vitest';
import { extractFindings } from '../findings/extract-findings';
import { demoFlows } from '../policy/testdata/demo-scenario';
import { BLOG_POLICY_YAML } from '../policy/testdata/blog-policy';
import { expectValidCnpYaml } from '../testing/cnp-schema';
import { analyzeNamespace } from './analyze-namespace';

const BLOG_POLICY = BLOG_POLICY_YAML;

describe('analyzeNamespace', () => {
  const flows = demoFlows();
  const { findings } = extractFindings(flows);

  it('brings the wanted AUDIT flows to zero: dropped before the patch, none after', () => {
    const a = analyzeNamespace({ namespace: 'webapp', findings, flows });
    expect(a.findings.length).toBeGreaterThan(0);
    expect(a.replay.before.flows).toBe(a.findings.reduce((n, f) => n + f.flows, 0));
    expect(a.replay.before.replay.byVerdict.AUDIT ?? 0).toBeGreaterThan(0);
    expect(a.replay.after.flows).toBe(0);
    expect(a.replay.after.replay.dropped).toBe(0);
    expectValidCnpYaml(a.patchYaml);
  });

  it('leaves an excluded finding out of the patch, so its flows stay dropped', () => {
    const all = analyzeNamespace({ namespace: 'webapp', findings, flows });
    const excluded = new Set([all.findings[0].id]);
    const a = analyzeNamespace({ namespace: 'webapp', findings, flows, excludedFindingIds: excluded });
    expect(a.included).not.toContain(all.findings[0].id);
    expect(a.replay.after.findings).toBe(1);
    expect(a.replay.after.flows).toBe(all.findings[0].flows);
  });

  it('merges into the policy that already selects the workload, keeping the comments', () => {
    const a = analyzeNamespace({ namespace: 'blog', findings, flows, existingPolicies: [{ name: 'apps/blog/cilium-policies.yaml', text: BLOG_POLICY }] });
    expect(a.files).toHaveLength(1);
    expect(a.files[0].newText).toContain('# The blog\'s policy, from the GitOps repo.');
    expect(a.files[0].newText).toContain('# Cilium health checks');
    expect(a.files[0].diff).toMatch(/^\+/m);
    expect(a.replay.after.flows).toBe(0);
    expectValidCnpYaml(a.patchYaml.replace(/^# lockstep: .*$/gm, ''));
  });

  it('runs the lints on suggested and existing policies', () => {
    const a = analyzeNamespace({ namespace: 'argocd', findings, flows });
    expect(Array.isArray(a.lints)).toBe(true);
    // The synthesized FQDN rule always comes with its DNS companion, so CNP004 must not fire on it.
    expect(a.lints.filter((l) => l.id === 'fqdn.dns-companion-missing')).toEqual([]);
    expect(a.patchYaml).toContain('toFQDNs');
    expect(a.patchYaml).toContain('rules:');
  });
});

describe('analyzeFlows', () => {
  it('analyses every namespace with findings and joins their patches', async () => {
    const { analyzeFlows } = await import('./analyze-flows');
    const result = analyzeFlows(demoFlows());
    const names = result.namespaces.map((n) => n.namespace);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['argocd', 'blog', 'webapp']));
    expect(result.patchYaml.match(/^kind: CiliumNetworkPolicy$/gm)?.length).toBe(result.namespaces.reduce((n, a) => n + a.policies.length, 0));
    expect(analyzeFlows(demoFlows(), { namespace: 'blog' }).namespaces.map((n) => n.namespace)).toEqual(['blog']);
  });
});
