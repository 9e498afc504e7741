import { expect, test } from './console-guard';
import { ChecklistPage } from './pages/checklist-page';
import { RolloutPage } from './pages/rollout-page';

test.describe('the eight-step rollout checklist', () => {
  test('a namespace shows eight steps with measured evidence: relay connected, AUDIT counts', async ({ page }) => {
    const checklist = new ChecklistPage(page, 'webapp');
    await checklist.open();
    await expect(checklist.step(1)).toHaveAttribute('data-state', 'done');
    const relay = checklist.evidence(1, 'Hubble Relay');
    await expect(relay).toContainText('embedded demo relay');
    await expect(relay).toContainText('connected');
    await expect(relay).toHaveAttribute('data-source', 'measured');
    // webapp runs in audit mode on the demo relay: AUDIT verdicts are counted from the persisted findings.
    const audit = checklist.evidence(3, 'AUDIT verdicts here');
    await expect(audit).toContainText(/\d+ flows?, first/, { timeout: 30_000 });
    await expect(audit).toHaveAttribute('data-source', 'measured');
    await expect(checklist.evidence(6, 'Open findings')).toBeVisible();
    // The demo cluster's cilium-config is read: agent-wide audit mode is off, webapp audits through its audit window.
    await expect(checklist.evidence(3, 'policy-audit-mode')).toContainText('false');
    await expect(checklist.evidence(3, 'Audit window')).toContainText('open since');
    await expect(checklist.step(3)).toHaveAttribute('data-state', 'done');
    await expect(checklist.step(1).getByTestId('copy-block')).toContainText('hubble:');
    await expect(checklist.step(8).getByTestId('next-action')).toContainText('CCNP that default-denies every namespace but kube-system');
    await expect(checklist.step(8).getByTestId('default-deny-summary')).toContainText(/would be dropped by the default deny|would drop none/);
  });

  test('a reviewer confirms by hand what the cluster cannot tell, and everyone sees who and when', async ({ page }) => {
    // The demo cluster is read, so the cluster-wide steps are measured; picking a namespace (step 2) is a decision.
    const traefik = new ChecklistPage(page, 'traefik');
    await traefik.open();
    await traefik.ensureUnconfirmed(2);
    await expect(traefik.step(2)).toHaveAttribute('data-state', 'todo');
    await traefik.confirm(2, 'next after blog, see gitops#42');
    await expect(traefik.confirmedBy(2)).toContainText('Confirmed by local-admin');
    await expect(traefik.confirmedBy(2)).toContainText('next after blog, see gitops#42');
    await expect(traefik.step(2)).toHaveAttribute('data-state', 'done');
    await expect(traefik.evidence(2, 'Confirmed by hand')).toHaveAttribute('data-source', 'manual');
    // Measured cluster-wide steps cannot be confirmed.
    await expect(traefik.step(8).getByRole('button', { name: /^Confirm/ })).toHaveCount(0);
    // Per namespace: another namespace's step 2 is not confirmed by it.
    const kubeSystem = new ChecklistPage(page, 'kube-system');
    await kubeSystem.open();
    await expect(kubeSystem.confirmedBy(2)).toHaveCount(0);
    await traefik.open();
    await traefik.withdraw(2);
    await expect(traefik.step(2)).toHaveAttribute('data-state', 'todo');
  });

  test('the rollout page shows every namespace\'s progress, lowest stakes first', async ({ page }) => {
    const rollout = new RolloutPage(page);
    await rollout.open();
    for (const ns of ['blog', 'webapp', 'argocd', 'monitoring', 'traefik', 'kube-system']) {
      await expect(rollout.row(ns)).toBeVisible();
      await expect(rollout.row(ns).getByTestId('step-progress').locator('[data-state]')).toHaveCount(8);
      await expect(rollout.row(ns).getByTestId('rollout-done')).toHaveText(/^[1-8]\/8$/);
    }
    // kube-system is never a first pick.
    const order = await rollout.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-namespace')));
    expect(order.indexOf('kube-system')).toBeGreaterThan(order.indexOf('blog'));
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rollout' })).toBeVisible();
    await rollout.row('blog').getByRole('link', { name: 'blog' }).click();
    await expect(page.getByTestId('checklist-step')).toHaveCount(8);
  });

  test('the rollout page does not contradict itself: one cluster banner, one next step, a legend, drops beside AUDIT', async ({ page }) => {
    const rollout = new RolloutPage(page);
    await rollout.open();
    // monitoring enforces in the demo: its agent-wide audit warning is about the cluster, shown once, in full.
    const banner = page.getByTestId('rollout-cluster-warnings');
    await expect(banner.locator('[data-code="audit.cluster-wide-stops-enforcement"]')).toHaveCount(1, { timeout: 30_000 });
    await expect(banner).toContainText('monitoring already enforces policies. policy-audit-mode is agent-wide');
    await expect(banner).not.toContainText('…');
    await expect(rollout.rows().locator('[data-code="audit.cluster-wide-stops-enforcement"]')).toHaveCount(0);
    await expect(page.getByTestId('rollout-next')).toHaveCount(1);
    await expect(page.getByTestId('rollout-next')).toContainText(/^Do this next: step [1-8], /);
    const legend = page.getByTestId('progress-legend');
    for (const state of ['done', 'in-progress', 'todo', 'blocked']) await expect(legend.locator(`[data-state="${state}"]`)).toBeVisible();
    await expect(legend).toContainText('one segment per step, 1 to 8');
    // Its open findings come from policy drops, not AUDIT: the row says when the last drop was.
    const monitoring = rollout.row('monitoring');
    await expect(monitoring.getByTestId('rollout-last-verdicts')).toContainText(/POLICY_DENIED \d+[smhd]/, { timeout: 30_000 });
  });

  test('step 8 is verified by replay: allowed flows the default deny would cut are counted per namespace, and it is not offered', async ({ page, request }) => {
    // On the demo, blog reaches the world on 443 and traefik has no policy: a default deny would cut both.
    await expect.poll(async () => (await (await request.get('/api/checklist/default-deny')).json()).flows, { timeout: 30_000 }).toBeGreaterThan(0);
    const replay = await (await request.get('/api/checklist/default-deny')).json();
    expect(replay.safe).toBe(false);
    const blog = replay.namespaces.find((n: { namespace: string }) => n.namespace === 'blog');
    expect(blog.connections).toContainEqual(expect.objectContaining({ source: 'blog/blog', port: '443/TCP', direction: 'EGRESS', verdict: 'FORWARDED', explanation: null }));
    expect(replay.namespaces.map((n: { namespace: string }) => n.namespace)).not.toContain('kube-system');
    const checklist = new ChecklistPage(page, 'blog');
    await checklist.open();
    const step8 = checklist.step(8);
    await expect(step8.getByTestId('default-deny-summary')).toContainText(/^[\d,]+ flows? in \d+ namespaces? would be dropped by the default deny \([\d,]+ unexplained\)\.$/);
    await expect(step8.locator('[data-testid="default-deny-namespace"][data-namespace="blog"]')).toContainText('unexplained');
    await expect(step8.getByTestId('default-deny-open-pr')).toHaveCount(0);
    await expect(step8.getByTestId('copy-block')).toHaveCount(0);
    const download = await request.get('/api/export/default-deny.yaml');
    expect(download.status()).toBe(409);
    expect((await download.json()).error).toMatchObject({ code: 'conflict:export', details: { reason: 'default-deny-unsafe' } });
  });

  test('the quiet period as a picture: AUDIT and POLICY_DENIED drops per hour on the checklist and the rollout overview', async ({ page, request }) => {
    await expect.poll(async () => ((await (await request.get('/api/trends')).json()).namespaces as { namespace: string }[]).map((n) => n.namespace), { timeout: 30_000 }).toContain('webapp');
    const checklist = new ChecklistPage(page, 'webapp');
    await checklist.open();
    const chart = page.locator('[data-testid="verdict-trend"][data-namespace="webapp"]');
    await expect.poll(async () => Number(await chart.getAttribute('data-audit')), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect(chart.getByTestId('quiet-window')).toHaveCount(1);
    // The demo relay's traffic is minutes old: its quiet period is 2 minutes (24 h on a cluster).
    await expect(chart.getByTestId('verdict-trend-caption')).toContainText('quiet period: the last 2 min must stay empty');
    await expect(chart.getByTestId('last-new-finding')).toContainText(/Last new finding: \d+[smhd]/);
    const rollout = new RolloutPage(page);
    await rollout.open();
    await expect(rollout.row('webapp').getByTestId('verdict-trend')).toHaveAttribute('data-audit', /^[1-9]\d*$/, { timeout: 30_000 });
    // monitoring enforces: its policy drops are drawn too (the regression alarm once audit mode is off).
    await expect(rollout.row('monitoring').getByTestId('verdict-trend')).toHaveAttribute('data-drops', /^[1-9]\d*$/, { timeout: 30_000 });
  });

  test('the checklist API: eight steps, measured steps refuse confirmation, bad input and forged origins refused', async ({ request }) => {
    const list = await (await request.get('/api/namespaces/webapp/checklist')).json();
    expect(list.namespace).toBe('webapp');
    expect(list.steps.map((s: { step: number }) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(list.steps[0]).toMatchObject({ scope: 'cluster', state: 'done', confirmable: false });
    const measured = await request.post('/api/namespaces/webapp/checklist/steps/6/confirm', { data: { confirmed: true } });
    expect(measured.status()).toBe(409);
    expect((await measured.json()).error.code).toBe('conflict:checklist');
    expect((await request.post('/api/namespaces/webapp/checklist/steps/9/confirm', { data: { confirmed: true } })).status()).toBe(400);
    expect((await request.post('/api/namespaces/webapp/checklist/steps/8/confirm', { data: { confirmed: 'yes' } })).status()).toBe(400);
    expect((await request.post('/api/namespaces/webapp/checklist/steps/8/confirm', { data: { confirmed: true }, headers: { origin: 'https://evil.example' } })).status()).toBe(403);
    const overview = await (await request.get('/api/checklist')).json();
    expect(overview.kubernetes).toEqual({ enabled: true, source: 'the demo cluster' });
    expect(overview.namespaces.length).toBeGreaterThan(3);
    expect(overview.namespaces[0]).toMatchObject({ rank: 1, states: expect.any(Array), done: expect.any(Number) });
  });
});
