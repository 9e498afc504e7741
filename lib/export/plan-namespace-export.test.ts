import { describe, expect, it } from 'vitest';
import { analyzeNamespace } from '../analysis/analyze-namespace';
import { extractFindings } from '../findings/extract-findings';
import { demoFlows } from '../policy/testdata/demo-scenario';
import { source } from '../policy/testdata/source';
import { expectValidCnpYaml } from '../testing/cnp-schema';
import { changesToYaml } from './changes-to-yaml';
import { namespacePolicySources, planNamespaceExport } from './plan-namespace-export';
import { indexPolicyFile } from './policy-index';
import { BLOG_POLICY_YAML } from '../policy/testdata/blog-policy';

const BLOG = BLOG_POLICY_YAML;
const OTHER = source`
  apiVersion: cilium.io/v2
  kind: CiliumNetworkPolicy
  metadata: {name: api, namespace: webapp}
  spec: {endpointSelector: {}, ingress: [{}]}
`;

const flows = demoFlows();
const { findings } = extractFindings(flows);

function plan(namespace: string, files: Record<string, string>, template?: string) {
  const repoFiles = new Map(Object.entries(files));
  const index = [...repoFiles].flatMap(([path, text]) => indexPolicyFile(path, text));
  const options = { namespace, repoFiles, index, pathTemplate: template };
  const analysis = analyzeNamespace({ namespace, findings, flows, existingPolicies: namespacePolicySources(options) });
  return { analysis, ...planNamespaceExport(analysis, options) };
}

describe('planNamespaceExport', () => {
  it('writes new policies to the path template when the repository has none for the namespace', () => {
    const { changes, conflicts, analysis } = plan('webapp', { 'clusters/x/other.yaml': BLOG }, 'deploy/{namespace}/cnp.yaml');
    expect(conflicts).toEqual([]);
    expect(changes.map((c) => [c.path, c.oldText])).toEqual([['deploy/webapp/cnp.yaml', undefined]]);
    expect(changes[0].summary[0]).toMatch(/^new polic(y|ies) webapp\//);
    expect(changes[0].newText).toBe(analysis.patchYaml);
    expectValidCnpYaml(changes[0].newText);
  });

  it('edits the file that holds the namespace policy in place, wherever it is, comments kept', () => {
    const { changes } = plan('blog', { 'k8s/talos/apps/blog/cnp.yaml': BLOG, 'k8s/webapp.yaml': OTHER });
    expect(changes.map((c) => c.path)).toEqual(['k8s/talos/apps/blog/cnp.yaml']);
    const [file] = changes;
    expect(file.oldText).toBe(BLOG);
    expect(file.newText.startsWith("# The blog's policy, from the GitOps repo. Owned by the web team.\n")).toBe(true);
    expect(file.newText).toContain('- health # Cilium health checks');
    expect(file.summary).toContain('rules merged into blog/blog-policy');
    expectValidCnpYaml(file.newText);
  });

  it('appends new policies to the namespace file (a kustomization lists it) unless the template file exists', () => {
    const blogOnly = plan('webapp', { 'k8s/webapp.yaml': OTHER });
    expect(blogOnly.changes.map((c) => c.path)).toEqual(['k8s/webapp.yaml']);
    expect(blogOnly.changes[0].newText.startsWith(OTHER)).toBe(true);
    const both = plan('webapp', { 'k8s/webapp.yaml': OTHER, 'apps/webapp/cilium-policies.yaml': '# placeholder\n' });
    expect(both.changes.map((c) => c.path)).toEqual(['apps/webapp/cilium-policies.yaml']);
    expect(both.changes[0].newText.startsWith('# placeholder\n---\n')).toBe(true);
  });

  it('only hands the namespace files (and namespace-less documents at the template path) to the analysis', () => {
    const repoFiles = new Map([
      ['a.yaml', BLOG],
      ['b.yaml', OTHER],
      ['apps/blog/cilium-policies.yaml', BLOG.replace('  namespace: blog\n', '')],
      ['c.yaml', BLOG.replace('  namespace: blog\n', '')],
    ]);
    const index = [...repoFiles].flatMap(([path, text]) => indexPolicyFile(path, text));
    expect(namespacePolicySources({ namespace: 'blog', repoFiles, index }).map((s) => s.name)).toEqual(['a.yaml', 'apps/blog/cilium-policies.yaml']);
  });

  it('reports a new policy whose name a document it could not merge into already has', () => {
    const taken = source`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: blog-lockstep, namespace: blog}
      specs:
        - endpointSelector: {matchLabels: {app: unrelated}}
          ingress: [{}]
    `;
    const { conflicts } = plan('blog', { 'x.yaml': taken });
    expect(conflicts).toEqual(['x.yaml already has a policy named blog/blog-lockstep that Lockstep cannot merge into; rename or merge it by hand']);
  });

  it('gives plain YAML of the changed files', () => {
    const { changes } = plan('blog', { 'k8s/blog.yaml': BLOG });
    const yaml = changesToYaml(changes);
    expect(yaml.startsWith('# lockstep: k8s/blog.yaml\n# The blog')).toBe(true);
    expectValidCnpYaml(yaml);
  });
});
