import { afterEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { expectValidCnp, expectValidCnpYaml } from '@/lib/testing/cnp-schema';
import { FakeGithub, type FakeGithubOptions } from './testing/fake-github';
import { exporterFor, reviewedFindings } from './testing/export-fixtures';
import { BLOG_POLICY_YAML } from '@/lib/policy/testdata/blog-policy';

let fake: FakeGithub | undefined;
async function startFake(options: FakeGithubOptions = {}): Promise<FakeGithub> {
  fake = await FakeGithub.start(options);
  return fake;
}
afterEach(async () => {
  // Every request of every test matched GitHub's OpenAPI description.
  expect(fake?.violations ?? []).toEqual([]);
  await fake?.close();
  fake = undefined;
});

describe('export to a GitHub pull request', () => {
  it('writes a new file at the path template and opens a pull request with the evidence', async () => {
    const gh = await startFake();
    const state = { findings: reviewedFindings((f) => f.subject.namespace === 'blog' && f.peer.kind !== 'entity') };
    const { exporter } = exporterFor(gh, state);
    const result = await exporter.exportNamespace('blog', 'alice');
    expect(result).toEqual({ url: `${gh.webUrl}/acme/gitops/pull/1`, number: 1, branch: 'lockstep/blog-policies', updated: false, files: ['apps/blog/cilium-policies.yaml'] });
    expect(gh.branches()).toEqual(['lockstep/blog-policies', 'main']);
    expect(gh.readFile('main', 'apps/blog/cilium-policies.yaml')).toBeUndefined();
    const landed = gh.readFile('lockstep/blog-policies', 'apps/blog/cilium-policies.yaml')!;
    expect(landed).toContain('# lockstep: 3 flows, first 2026-11-01T10:00Z');
    expect(landed).toContain('k8s:io.kubernetes.pod.namespace: traefik');
    const [policy] = expectValidCnpYaml(landed) as { metadata: { name: string } }[];
    expect(policy.metadata.name).toBe('blog-lockstep');
    expect(gh.readFile('lockstep/blog-policies', 'README.md')).toBe('# gitops\n');
    const [pr] = gh.pulls;
    expect(pr).toMatchObject({ title: 'Lockstep: allow 1 accepted finding in blog', head: 'lockstep/blog-policies', base: 'main', state: 'open' });
    expect(pr.body).toContain('| `blog/blog ← traefik/traefik on 80/TCP` | 3 | 2026-11-01 10:00Z | 2026-11-01 10:02Z | alice | accepted |');
    expect(pr.body).toMatch(/\| Before this change \| 7 flows \(3 findings\) \|\n\| After this change \| 4 flows \(2 findings\) \|/);
    expect(pr.body).toContain('2 findings of the namespace are left out');
    expect(pr.body).toContain('`apps/blog/cilium-policies.yaml` is a new file');
    const commit = gh.git.commits.get(gh.refs.get('heads/lockstep/blog-policies')!)!;
    expect(commit.message.split('\n')[0]).toBe('lockstep(blog): allow 1 accepted finding');
    expect(commit.parents).toEqual([gh.refs.get('heads/main')]);
    const accepted = state.findings.filter((f) => f.status === 'accepted').map((f) => f.id);
    expect([...(await exporter.records.exportedIn(accepted)).values()]).toEqual([{ number: 1, url: result.url }]);
    expect(await exporter.namespaceState('blog')).toMatchObject({ accepted: 1, findings: 3, lastExport: { number: 1, actor: 'alice' }, exportedIn: { [accepted[0]]: { number: 1 } } });
  });

  it('edits the existing file in place, wherever it is, keeping its comments', async () => {
    const gh = await startFake({ files: { 'clusters/home/blog/network.yaml': BLOG_POLICY_YAML, 'clusters/home/blog/kustomization.yaml': 'resources: [network.yaml]\n' } });
    const { exporter } = exporterFor(gh, { findings: reviewedFindings((f) => f.subject.namespace === 'blog') });
    const result = await exporter.exportNamespace('blog', 'alice');
    expect(result.files).toEqual(['clusters/home/blog/network.yaml']);
    const landed = gh.readFile(result.branch, 'clusters/home/blog/network.yaml')!;
    expect(landed.startsWith("# The blog's policy, from the GitOps repo. Owned by the web team.\napiVersion: cilium.io/v2\n")).toBe(true);
    expect(landed).toContain('        - health # Cilium health checks\n');
    expect(landed).toContain('# lockstep: 3 flows');
    const docs = parseAllDocuments(landed).map((d) => d.toJS());
    expect(docs).toHaveLength(1);
    expectValidCnp(docs[0]);
    expect(docs[0].spec.ingress.length).toBeGreaterThan(1);
    expect(gh.readFile(result.branch, 'apps/blog/cilium-policies.yaml')).toBeUndefined();
    expect(gh.pulls[0].body).toContain('`clusters/home/blog/network.yaml`: rules merged into blog/blog-policy');
  });

  it('exporting again updates the same pull request, rebuilt on the current base', async () => {
    const gh = await startFake();
    const state = { findings: reviewedFindings((f) => f.subject.namespace === 'webapp' && f.subject.workload === 'postgres') };
    const { exporter } = exporterFor(gh, state);
    const first = await exporter.exportNamespace('webapp', 'alice');
    const firstHead = gh.refs.get('heads/lockstep/webapp-policies');
    gh.push('main', { 'docs/unrelated.md': 'moved on\n' }, 'someone else');
    state.findings = reviewedFindings((f) => f.subject.namespace === 'webapp', 'bob');
    const second = await exporter.exportNamespace('webapp', 'bob');
    expect(second).toMatchObject({ number: first.number, url: first.url, branch: first.branch, updated: true });
    expect(gh.pulls).toHaveLength(1);
    expect(gh.pulls[0].title).toBe('Lockstep: allow 5 accepted findings in webapp');
    expect(gh.pulls[0].body).toContain('| bob | accepted |');
    const head = gh.refs.get('heads/lockstep/webapp-policies')!;
    expect(head).not.toBe(firstHead);
    expect(gh.git.commits.get(head)!.parents).toEqual([gh.refs.get('heads/main')]);
    const landed = gh.readFile('lockstep/webapp-policies', 'apps/webapp/cilium-policies.yaml')!;
    expect(expectValidCnpYaml(landed).map((p) => (p as { metadata: { name: string } }).metadata.name)).toEqual(['postgres-lockstep', 'webapp-lockstep']);
    expect((await exporter.records.latest('namespace:webapp'))?.actor).toBe('bob');
  });

  it('exports the step-8 cluster-wide default-deny the same way, with the detected resolver', async () => {
    const gh = await startFake();
    const { exporter } = exporterFor(gh, { findings: reviewedFindings(() => false) });
    const result = await exporter.exportDefaultDeny('alice');
    expect(result).toMatchObject({ number: 1, branch: 'lockstep/cluster-default-deny', files: ['cluster/cilium-default-deny.yaml'] });
    const [ccnp] = expectValidCnpYaml(gh.readFile(result.branch, 'cluster/cilium-default-deny.yaml')!) as { kind: string; spec: { egress: unknown[] } }[];
    expect(ccnp.kind).toBe('CiliumClusterwideNetworkPolicy');
    expect(JSON.stringify(ccnp.spec.egress)).toContain('"k8s:io.kubernetes.pod.namespace":"kube-system"');
    expect(gh.pulls[0].title).toBe('Lockstep: cluster-wide default-deny with DNS (rollout step 8)');
    expect(gh.pulls[0].body).toContain('seen answering DNS in 2 findings');
    await expect(exporter.exportDefaultDeny('alice')).resolves.toMatchObject({ number: 1, updated: true });
  });

  it('works with GitHub Enterprise Server (/api/v3, its own OpenAPI description)', async () => {
    const gh = await startFake({ spec: 'ghes-3.19', basePath: '/api/v3', files: { 'apps/blog/cilium-policies.yaml': BLOG_POLICY_YAML } });
    expect(gh.apiUrl).toMatch(/\/api\/v3$/);
    const { exporter } = exporterFor(gh, { findings: reviewedFindings((f) => f.subject.namespace === 'blog') });
    await expect(exporter.exportNamespace('blog', 'alice')).resolves.toMatchObject({ number: 1, files: ['apps/blog/cilium-policies.yaml'] });
    expect(gh.requests.every((r) => r.path.startsWith('/api/v3/'))).toBe(true);
  });
});
