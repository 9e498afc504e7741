import { expect, test } from './console-guard';
import { FindingsPage } from './pages/findings-page';

test.describe('findings and the suggested patch', () => {
  test('the patch closes every AUDIT finding, proven by replay; excluding one leaves its flows dropped', async ({ page }) => {
    const findings = new FindingsPage(page, 'webapp');
    await findings.open();
    await expect(findings.rows().first()).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => findings.wouldDrop('before')).toBeGreaterThan(0);
    // What the patch leaves dropped is exactly what triage held for review (the demo's bare debug pod).
    expect(await findings.wouldDrop('after')).toBe(await findings.heldFlows());
    const heldFlows = await findings.heldFlows();
    // The webapp's existing policy file is edited in place, comments kept.
    await expect(page.getByTestId('patch-diff').first()).toContainText('apps/webapp/cilium-policies.yaml');
    // Next to the diff: where those files come from, and where the export reads them instead.
    const source = page.getByTestId('policy-source-note');
    await expect(source).toContainText('Where these policy files come from');
    await expect(source).toContainText('apps/webapp/cilium-policies.yaml (edited)');
    await expect(source).toContainText('PUT /api/namespaces/webapp/policies');
    await expect(source).toContainText('The export reads the files again from acme/gitops on main');
    await expect(findings.patchYaml()).toContainText('kind: CiliumNetworkPolicy');
    const first = (await findings.reviewableRows()).first();
    await first.getByRole('checkbox').uncheck();
    await expect.poll(() => findings.wouldDrop('after'), { timeout: 20_000 }).toBeGreaterThan(heldFlows);
    await first.getByRole('button', { name: 'evidence & review' }).click();
    await expect(page.getByTestId('finding-evidence').locator('li').first()).toBeVisible();
  });

  test('the patch API returns multi-document YAML and the findings API their evidence', async ({ request }) => {
    await expect.poll(async () => (await (await request.get('/api/namespaces/argocd/findings')).json()).findings.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const { findings } = await (await request.get('/api/namespaces/argocd/findings')).json();
    expect(findings[0]).toMatchObject({ id: expect.any(String), status: expect.any(String), flows: expect.any(Number) });
    expect(findings[0].samples.length).toBeGreaterThan(0);
    const patch = await request.get('/api/namespaces/argocd/patch');
    expect(patch.headers()['content-type']).toContain('yaml');
    const text = await patch.text();
    expect(text).toMatch(/^kind: CiliumNetworkPolicy$/m);
  });

  test('POST /api/analyze turns a capture into findings and reports bad lines', async ({ request }) => {
    const bad = await request.post('/api/analyze', { data: 'not json\n', headers: { 'content-type': 'application/x-ndjson' } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.message).toMatch(/line 1/);
    // The capture is analysed under the server's cluster facts: the demo's cluster is homelab, as in the live analysis.
    const line = JSON.stringify({ flow: { time: '2026-01-01T00:00:00Z', uuid: 'e2e-analyze-1', verdict: 'AUDIT', event_type: { type: 5 }, traffic_direction: 'EGRESS', source: { namespace: 'blog', labels: ['k8s:app=blog'], pod_name: 'blog-1' }, destination: { namespace: 'media', labels: ['k8s:app=app'], pod_name: 'app-1' }, l4: { TCP: { destination_port: 8080 } } } });
    const good = await request.post('/api/analyze', { data: `${line}\n`, headers: { 'content-type': 'application/x-ndjson' } });
    expect(good.status()).toBe(200);
    expect((await good.json()).cluster.clusterName).toBe('homelab');
    const forged = await request.post('/api/analyze', { data: '{}', headers: { origin: 'https://evil.example', 'content-type': 'application/x-ndjson' } });
    expect(forged.status()).toBe(403);
  });
});
