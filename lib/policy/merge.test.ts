import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { extractFindings } from '../findings/extract-findings';
import { flowBetween } from '../testing/flow-builders';
import { demoFlows } from './testdata/demo-scenario';
import { source } from './testdata/source';
import { mergePolicies } from './merge';
import { parseSources } from './parse-sources';
import { synthesizePolicies as synthesizeNew } from './synthesize';
import { expectValidPolicyFile, synthesizeChecked as synthesizePolicies } from './testdata/synthesize-checked';

const demoFindings = extractFindings(demoFlows()).findings;


const blogFile = source`
  # Blog: only Traefik may reach it.
  apiVersion: "cilium.io/v2"
  kind: CiliumNetworkPolicy
  metadata:
    name: blog-policy
    namespace: blog
  spec:
    endpointSelector:
      matchLabels:
        app.kubernetes.io/name: blog
    ingress:
      # Traefik, by instance label.
      - fromEndpoints:
          - matchLabels:
              "k8s:io.kubernetes.pod.namespace": traefik
              "k8s:app.kubernetes.io/instance": traefik-traefik
        toPorts:
          - ports:
              - port: "80"
                protocol: TCP
      - fromEntities: [host, health] # kubelet probes
  ---
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: untouched,   namespace: blog}   # odd spacing kept
  data:
    key: value
`;

describe('merging into existing policies', () => {
  it('appends to the policy selecting the workload, keeping comments; untouched documents stay byte-identical', async () => {
    const result = synthesizePolicies(demoFindings, { existingPolicies: [{ name: 'blog/cnp.yaml', text: blogFile }] });
    expect(result.policies.map((p) => p.id)).not.toContain('blog/blog-lockstep');
    const [file] = result.files;
    expect(file.source).toBe('blog/cnp.yaml');
    expect(file.newText).toContain('# Blog: only Traefik may reach it.');
    expect(file.newText).toContain('# Traefik, by instance label.');
    expect(file.newText).toContain('- fromEntities: [host, health] # kubelet probes');
    expect(file.newText.endsWith(blogFile.slice(blogFile.indexOf('---')))).toBe(true);
    expect(file.merged).toEqual([{ policyName: 'blog-policy', namespace: 'blog', suggestionId: 'blog/blog-lockstep', addedRules: 1, addedPorts: 0, coveredRules: 2 }]);
    expect(result.problems.map((p) => p.code)).toContain('LSP107');
    await expect(file.newText).toMatchFileSnapshot('testdata/demo-merged-blog.yaml');
    expectValidPolicyFile(file.newText);
    expect(file.diff.startsWith('--- a/blog/cnp.yaml\n+++ b/blog/cnp.yaml\n@@ ')).toBe(true);
  });

  it('targets a policy in a later document; the documents before it stay byte-identical', () => {
    const docs = blogFile.split('---\n');
    const text = `${docs[1]}---\n${docs[0]}`;
    const [file] = synthesizePolicies(demoFindings, { existingPolicies: [{ name: 'f.yaml', text }] }).files;
    expect(file.newText.startsWith(`${docs[1]}---\n# Blog: only Traefik may reach it.\n`)).toBe(true);
    expect(file.newText).toContain('k8s:app.kubernetes.io/name: traefik');
    expectValidPolicyFile(file.newText);
  });

  it('parses once: the parsed files are not changed by a merge, and the merged documents match their text', () => {
    const parsed = parseSources([{ name: 'blog/cnp.yaml', text: blogFile }]);
    const before = parsed.parsed[0].docs.map((d) => d.toString());
    const suggestions = synthesizeNew(demoFindings).policies;
    const first = mergePolicies(suggestions, parsed.parsed, { evidenceComments: true });
    const second = mergePolicies(suggestions, parsed.parsed, { evidenceComments: true });
    expect(parsed.parsed[0].docs.map((d) => d.toString())).toEqual(before);
    expect(second.files).toEqual(first.files);
    expect(first.patched.map((p) => p.source.text)).toEqual(first.files.map((f) => f.newText));
    expect(first.patched[0].values).toEqual(parseAllDocuments(first.files[0].newText).map((d) => (d as { toJS(): unknown }).toJS()));
  });

  it('is idempotent: merging again changes nothing', () => {
    const once = synthesizePolicies(demoFindings, { existingPolicies: [{ name: 'f.yaml', text: blogFile }] }).files[0].newText;
    const twice = synthesizePolicies(demoFindings, { existingPolicies: [{ name: 'f.yaml', text: once }] }).files[0];
    expect(twice.newText).toBe(once);
    expect(twice.diff).toBe('');
  });

  it('merges ports into a rule with the same peer (selector prefixes ignored), with its evidence comment', () => {
    const text = source`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: api, namespace: prod}
      spec:
        endpointSelector: {matchLabels: {"k8s:app": api}}
        ingress:
        - fromEndpoints:
          - matchLabels: {app: web}
          toPorts:
          - ports:
            - {port: "80", protocol: TCP}
    `;
    const flows = [8080, 80].map((port) => flowBetween('prod/web', 'prod/api', { direction: 'INGRESS', port }));
    const result = synthesizePolicies(extractFindings(flows).findings, { existingPolicies: [{ name: 'api.yaml', text }] });
    expect(result.policies).toEqual([]);
    expect(result.files[0].merged[0]).toMatchObject({ addedRules: 0, addedPorts: 1 });
    expect(result.files[0].diff).toContain('+      # lockstep: 1 flow, first 2026-11-01T10:00Z, last 2026-11-01T10:00Z\n+      - {port: "8080", protocol: TCP}');
    expectValidPolicyFile(result.files[0].newText);
  });

  it('never changes an anchored node another rule aliases: appends a new rule instead', () => {
    const text = source`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: api, namespace: prod}
      spec:
        endpointSelector: {matchLabels: {app: api}}
        ingress:
          - fromEndpoints: [{matchLabels: {app: web}}]
            toPorts: &web80
              - ports: [{port: "80", protocol: TCP}]
          - fromEndpoints: [{matchLabels: {app: other}}]
            toPorts: *web80
    `;
    const flows = [8080, 80].map((port) => flowBetween('prod/web', 'prod/api', { direction: 'INGRESS', port }));
    const [file] = synthesizePolicies(extractFindings(flows).findings, { existingPolicies: [{ name: 'a.yaml', text }] }).files;
    expect(file.merged[0]).toMatchObject({ addedRules: 1, addedPorts: 0 });
    expect(file.newText.startsWith(text)).toBe(true);
    const [, , added] = parseAllDocuments(file.newText)[0].toJS().spec.ingress;
    expect(added).toEqual({ fromEndpoints: [{ matchLabels: { 'k8s:app': 'web' } }], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] });
  });

  it('creates a missing section, and targets `specs` entries', () => {
    const text = source`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata:
        name: multi
        namespace: prod
      specs:
        - endpointSelector:
            matchLabels:
              app: other
          ingress: [{}]
        - endpointSelector:
            matchLabels:
              app: web
          ingress: [{}]
    `;
    const flows = [flowBetween('prod/web', 'reserved:kube-apiserver', { port: 6443 })];
    const [file] = synthesizePolicies(extractFindings(flows).findings, { existingPolicies: [{ name: 'multi.yaml', text }] }).files;
    const value = parseAllDocuments(file.newText)[0].toJS();
    expect(value.specs[0]).not.toHaveProperty('egress');
    expect(value.specs[1].egress).toEqual([{ toEntities: ['kube-apiserver'], toPorts: [{ ports: [{ port: '6443', protocol: 'TCP' }] }] }]);
    expectValidPolicyFile(file.newText);
  });

  it('keeps the file layout: block sequences flush with their key stay flush', () => {
    const text = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  endpointSelector:\n    matchLabels:\n      app: api\n  ingress:\n  - fromEntities:\n    - host\n';
    const flows = [flowBetween('reserved:remote-node', 'prod/api', { direction: 'INGRESS', port: 9100 })];
    const [file] = synthesizePolicies(extractFindings(flows).findings, { existingPolicies: [{ name: 'a.yaml', text }], evidenceComments: false }).files;
    expect(file.newText).toBe(`${text}  - fromEntities:\n    - remote-node\n    toPorts:\n    - ports:\n      - port: "9100"\n        protocol: TCP\n`);
  });

  it('does not merge into a namespace-wide policy (the allow would reach every pod): new policy + LSP105', () => {
    const text = source`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: argocd-egress, namespace: argocd}
      spec:
        endpointSelector:
          matchLabels: {"k8s:io.kubernetes.pod.namespace": argocd}
        egress:
          - toEntities: [kube-apiserver]
    `;
    const result = synthesizePolicies(demoFindings, { existingPolicies: [{ name: 'argocd.yaml', text }] });
    expect(result.files).toEqual([]);
    expect(result.policies.map((p) => p.id)).toContain('argocd/argocd-repo-server-lockstep');
    expect(result.problems.filter((p) => p.code === 'LSP105').map((p) => p.workload).sort()).toEqual(['argocd-application-controller', 'argocd-repo-server']);
  });

  it('ignores other namespaces, CCNPs and documents without a namespace unless a default is given', () => {
    const text = source`
      apiVersion: cilium.io/v2
      kind: CiliumNetworkPolicy
      metadata: {name: api}
      spec:
        endpointSelector: {matchLabels: {app: api}}
        ingress: [{fromEntities: [host]}]
    `;
    const findings = extractFindings([flowBetween('reserved:host', 'prod/api', { direction: 'INGRESS', port: 8080 })]).findings;
    expect(synthesizePolicies(findings, { existingPolicies: [{ name: 'a.yaml', text }] }).files).toEqual([]);
    const merged = synthesizePolicies(findings, { existingPolicies: [{ name: 'a.yaml', text }], defaultNamespace: 'prod' });
    expect(merged.files[0].merged[0]).toMatchObject({ policyName: 'api', coveredRules: 1 });
  });

  it('reports an unparsable file (LSP106) and suggests new policies instead', () => {
    const result = synthesizePolicies(demoFindings, { existingPolicies: [{ name: 'broken.yaml', text: 'spec: [unclosed\n  - x: {' }] });
    expect(result.problems.filter((p) => p.code === 'LSP106')).toMatchObject([{ source: 'broken.yaml', severity: 'error' }]);
    expect(result.policies).toHaveLength(5);
  });
});
