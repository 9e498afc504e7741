import { expect, test } from './console-guard';
import { AuditWindowPage } from './pages/audit-window-page';
import { RolloutPage } from './pages/rollout-page';

// The demo relay's monitoring namespace enforces: its uncovered connections are DROPPED with POLICY_DENIED. An audit
// window runs cilium-dbg in the demo cluster's agent pods, which switches those endpoints to AUDIT.
test.describe('a per-namespace audit window on the demo cluster', () => {
  test('an admin opens a window for monitoring: its endpoints audit, the checklist and rollout page show it; closing stops AUDIT', async ({ page, request, baseURL }) => {
    test.setTimeout(180_000);
    await AuditWindowPage.ensureClosed(request, 'monitoring', baseURL!);
    const since = Date.now();
    const win = new AuditWindowPage(page, 'monitoring');
    await win.open();
    await expect(win.checklist.step(3).getByTestId('next-action')).toContainText('Recommended: open an audit window for monitoring');
    await win.openWindow(2);
    await expect(win.panel()).toHaveAttribute('data-state', 'open');
    await expect(win.panel().getByTestId('audit-window-coverage')).toHaveText(/^(\d+) \/ \1 endpoints in audit mode$/);
    await expect(win.checklist.step(3)).toHaveAttribute('data-state', 'done');
    await expect(win.checklist.evidence(3, 'Audit window')).toContainText('open since');
    await expect(win.checklist.evidence(3, 'Audit window')).toHaveAttribute('data-source', 'kubernetes');
    // The namespace's AUDIT trend starts where the window opened.
    await expect(page.getByTestId('audit-window-start')).toBeAttached();
    await expect(page.getByTestId('trend-since-window')).toContainText('audit window opened');

    // The flows verify it: monitoring reports AUDIT now, where it reported DROPPED.
    await expect
      .poll(async () => {
        const { flows } = await (await request.get('/api/namespaces/monitoring/flows?verdict=AUDIT&limit=50')).json();
        return flows.filter((f: { time: number; source: { namespace: string }; destination: { namespace: string }; trafficDirection: string }) =>
          f.time > since && (f.trafficDirection === 'EGRESS' ? f.source.namespace : f.destination.namespace) === 'monitoring').length;
      }, { timeout: 90_000, intervals: [2_000] })
      .toBeGreaterThan(0);
    await expect(win.panel().locator('[data-status="audit"]').first()).toBeVisible({ timeout: 60_000 });

    const rollout = new RolloutPage(page);
    await rollout.open();
    const cell = rollout.row('monitoring').getByTestId('rollout-audit-window');
    await expect(cell).toHaveAttribute('data-state', 'open');
    await expect(cell).toContainText(/\d+ \/ \d+ endpoints/);

    await win.open();
    await win.closeWindow();
    await expect(win.panel()).toHaveAttribute('data-state', 'closed');
    await expect(win.panel().getByTestId('audit-window-times')).toContainText('closed by hand, local-admin');
    await expect(win.panel().getByTestId('audit-window-after-close')).toHaveText('No AUDIT from this namespace since it closed.');
    const log = await (await request.get('/api/audit-log?namespace=monitoring&limit=5')).json();
    expect(log.entries.slice(0, 2).map((e: { action: string; actor: string }) => `${e.action} by ${e.actor}`)).toEqual(['audit window closed by local-admin', 'audit window opened by local-admin']);
  });

  test('the API refuses a second window, bad durations and forged origins', async ({ request, baseURL }) => {
    await AuditWindowPage.ensureClosed(request, 'traefik', baseURL!);
    const origin = { origin: baseURL! };
    expect((await request.post('/api/namespaces/traefik/audit-window', { data: { hours: 0.001 }, headers: origin })).status()).toBe(400);
    expect((await request.post('/api/namespaces/traefik/audit-window', { data: { hours: 1 }, headers: { origin: 'https://evil.example' } })).status()).toBe(403);
    const opened = await request.post('/api/namespaces/traefik/audit-window', { data: { hours: 1 }, headers: origin });
    expect(opened.status()).toBe(201);
    expect((await opened.json()).current.window).toMatchObject({ namespace: 'traefik', mode: 'exec', openedBy: 'local-admin' });
    const again = await request.post('/api/namespaces/traefik/audit-window', { data: { hours: 1 }, headers: origin });
    expect(again.status()).toBe(409);
    expect((await again.json()).error.code).toBe('conflict:audit-window');
    expect((await request.post('/api/namespaces/traefik/audit-window/close', { data: {}, headers: origin })).status()).toBe(200);
  });
});
