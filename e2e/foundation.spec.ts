import { expect, test } from './console-guard';
import path from 'node:path';
import { NamespacesPage } from './pages/namespaces-page';
import { NamespaceFlowsPage } from './pages/namespace-flows-page';

test.describe('live flows on the embedded demo relay', () => {
  test('the home page shows the relay state and every namespace with live verdict counters', async ({ page }) => {
    const home = new NamespacesPage(page);
    await home.open();
    await home.expectRelayConnected();
    await expect(home.relayStatus()).toContainText('embedded demo relay');
    await expect(page.getByTestId('relay-nodes')).toContainText('3 connected');
    for (const ns of ['blog', 'webapp', 'argocd', 'monitoring', 'traefik', 'kube-system']) {
      await expect(home.namespaceCard(ns)).toBeVisible();
    }
    // Counters are live: the webapp namespace runs in audit mode, so its AUDIT count rises.
    await expect.poll(() => home.auditCount('webapp'), { timeout: 20_000 }).toBeGreaterThan(0);
    const first = await home.auditCount('webapp');
    await expect.poll(() => home.auditCount('webapp'), { timeout: 20_000 }).toBeGreaterThan(first);
  });

  test('a namespace shows live flows; AUDIT filters them and a flow opens with every label', async ({ page }) => {
    const flows = new NamespaceFlowsPage(page, 'webapp');
    await flows.open();
    await expect(flows.rows().first()).toBeVisible();
    await flows.filterVerdict('AUDIT');
    await expect(flows.rows().first()).toBeVisible({ timeout: 20_000 });
    const verdicts = await flows.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict')));
    expect(new Set(verdicts)).toEqual(new Set(['AUDIT']));
    // A row whose destination is a pod (webapp's AUDIT egress also goes to world addresses, which carry no k8s: labels).
    const destinationCell = page.locator('td:nth-child(3)', { hasNotText: /world|host|\d+\.\d+\.\d+\.\d+/ });
    await flows.rows().filter({ has: destinationCell }).first().click();
    const details = flows.details();
    await expect(details).toBeVisible();
    await expect(details).toContainText('policy-verdict');
    await expect(details.getByTestId('source-labels')).toContainText('k8s:io.kubernetes.pod.namespace=');
    await expect(details.getByTestId('destination-labels')).toContainText('k8s:');
  });

  test('the AUDIT filter asks the server, not just what the tab buffered', async ({ page }) => {
    const flows = new NamespaceFlowsPage(page, 'webapp');
    await flows.open();
    await expect(flows.rows().first()).toBeVisible();
    const asked = page.waitForRequest((r) => /\/api\/namespaces\/webapp\/flows\?.*verdict=AUDIT/.test(r.url()));
    await flows.filterVerdict('AUDIT');
    await asked;
    await expect(page.getByTestId('flow-count')).toContainText('AUDIT flows shown, from the server');
    await expect(flows.rows().first()).toBeVisible();
    const verdicts = await flows.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict')));
    expect(new Set(verdicts)).toEqual(new Set(['AUDIT']));
  });

  test('rows stand still under the pointer; an "N new" button shows what arrived', async ({ page }) => {
    const flows = new NamespaceFlowsPage(page, 'webapp');
    await flows.open();
    await expect(flows.rows().nth(2)).toBeVisible();
    await flows.rows().nth(2).hover();
    await expect(flows.hoverPause()).toContainText('Paused while the pointer is over the table');
    const top = await flows.rows().first().getAttribute('data-flow-uuid');
    await expect.poll(async () => Number((await flows.newButton().innerText()).replace(/\D/g, '')), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await flows.rows().first().getAttribute('data-flow-uuid')).toBe(top);
    await flows.newButton().click();
    await expect(flows.rows().first()).not.toHaveAttribute('data-flow-uuid', top!);
    await page.mouse.move(5, 5);
    await expect(flows.hoverPause()).not.toContainText('Paused');
  });

  test('an AUDIT flow\'s detail shows its finding (linked), its triage and the policy attribution', async ({ page }) => {
    const flows = new NamespaceFlowsPage(page, 'webapp');
    await flows.open();
    await flows.filterVerdict('AUDIT');
    await expect(flows.rows().first()).toBeVisible({ timeout: 20_000 });
    await flows.rows().first().click();
    const details = flows.details();
    const attribution = details.getByTestId('flow-policy-attribution');
    for (const field of ['policy match', 'ingress allowed by', 'egress allowed by', 'ingress denied by', 'egress denied by']) await expect(attribution).toContainText(field);
    await expect(attribution).toContainText('Released Cilium agents attach no policy to AUDIT verdicts');
    const link = details.getByTestId('flow-finding-link');
    await expect(link).toBeVisible({ timeout: 20_000 });
    await expect(details.getByTestId('flow-finding-triage')).toContainText(/Triage: (new|accepted|rejected|needs-info)/);
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/namespaces\/webapp\?tab=findings#finding-[0-9a-f]{12}$/);
    await link.click();
    await expect(page.locator(`#${href.split('#')[1]}`)).toBeVisible({ timeout: 30_000 });
  });

  test('text search narrows the table to matching flows', async ({ page }) => {
    const flows = new NamespaceFlowsPage(page, 'kube-system');
    await flows.open();
    await expect(flows.rows().first()).toBeVisible();
    await flows.search('53/UDP');
    await expect(flows.rows().first()).toBeVisible();
    const ports = await flows.rows().evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
    expect(ports.every((t) => t.includes('53/UDP'))).toBe(true);
  });

  test('importing a capture adds its flows and lists bad lines by number', async ({ page }) => {
    await page.goto('/captures');
    await page.getByTestId('capture-file').setInputFiles(path.join(__dirname, 'fixtures/flows/bookinfo-with-bad-lines.jsonl'));
    const result = page.getByTestId('capture-result');
    await expect(result).toContainText('10 flows imported');
    await expect(result).toContainText('2 bad lines skipped');
    await expect(result).toContainText('line 4:');
    await result.getByRole('link', { name: 'bookinfo' }).click();
    await expect(page.getByTestId('flow-row').first()).toBeVisible();
  });
});

test.describe('HTTP API', () => {
  test('GET /api/namespaces lists namespaces with verdict counts', async ({ request }) => {
    await expect.poll(async () => (await (await request.get('/api/namespaces')).json()).length).toBeGreaterThan(3);
    const body = await (await request.get('/api/namespaces')).json();
    const webapp = body.find((n: { name: string }) => n.name === 'webapp');
    expect(webapp.verdicts.FORWARDED).toBeGreaterThan(0);
  });

  test('GET /api/namespaces/{ns}/flows filters by verdict and rejects bad input with a clear error', async ({ request }) => {
    await expect.poll(async () => (await (await request.get('/api/namespaces/webapp/flows?verdict=AUDIT&limit=5')).json()).flows.length).toBeGreaterThan(0);
    const ok = await (await request.get('/api/namespaces/webapp/flows?verdict=audit&limit=5')).json();
    expect(ok.flows.length).toBeLessThanOrEqual(5);
    expect(ok.flows.every((f: { verdict: string }) => f.verdict === 'AUDIT')).toBe(true);
    const badNs = await request.get('/api/namespaces/Not_A_Namespace/flows');
    expect(badNs.status()).toBe(400);
    expect((await badNs.json()).error.code).toBe('bad_request:namespace');
    const badVerdict = await request.get('/api/namespaces/webapp/flows?verdict=MAYBE');
    expect(badVerdict.status()).toBe(400);
    const badLimit = await request.get('/api/namespaces/webapp/flows?limit=-1');
    expect(badLimit.status()).toBe(400);
  });

  test('/favicon.ico is served (no 404 in every page\'s console)', async ({ request }) => {
    const icon = await request.get('/favicon.ico');
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toMatch(/^image\//);
    expect((await icon.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });

  test('status, health, readiness and metrics', async ({ request }) => {
    const status = await (await request.get('/api/status')).json();
    expect(status.state).toBe('connected');
    expect(status.demo).toBe(true);
    expect((await request.get('/api/healthz')).status()).toBe(200);
    expect((await request.get('/api/readyz')).status()).toBe(200);
    const metrics = await (await request.get('/metrics')).text();
    expect(metrics).toMatch(/^lockstep_flows_ingested_total \d+$/m);
    expect(metrics).toContain('lockstep_relay_reconnects_total');
    expect(metrics).toContain('lockstep_sse_clients');
  });
});
