import { expect, test } from './console-guard';
import { FindingsPage } from './pages/findings-page';
import { NamespaceMapPage } from './pages/namespace-map-page';

// Leaves the review state as it found it: the held finding accepted here is set back to `new` at the end, so
// findings.spec (the patch leaves exactly the held flows dropped) passes whichever spec runs first.
test.describe('triage: findings held for review', () => {
  test('the debug pod is held with its signals and flows; accepting it releases it into the patch', async ({ page, request }) => {
    const findings = new FindingsPage(page, 'webapp');
    await findings.open();
    const section = page.getByTestId('held-for-review');
    await expect(section).toContainText('Held for review', { timeout: 30_000 });
    const held = page.getByTestId('held-finding').filter({ hasText: 'debug-netshoot' });
    await expect(held).toHaveCount(1);
    const id = await held.getAttribute('data-finding-id');
    expect(id).toBeTruthy();
    // Its signals, in plain words: a bare pod with no owning controller.
    await expect(held.getByTestId('held-signals').locator('li[data-signal="unowned-workload"]')).toContainText('has no owning controller');
    // Its sample flows.
    await held.getByText('Sample flows').click();
    await expect(held.locator('details li').first()).toContainText('debug-netshoot');
    const heldBefore = await findings.heldFlows();
    expect(heldBefore).toBeGreaterThan(0);
    try {
      await held.getByTestId('held-review').getByRole('button', { name: 'Accept' }).click();
      await expect(page.locator(`[data-testid="held-finding"][data-finding-id="${id}"]`)).toHaveCount(0, { timeout: 20_000 });
      await expect.poll(() => findings.heldFlows(), { timeout: 20_000 }).toBeLessThan(heldBefore);
      await expect(findings.row(id!)).toHaveAttribute('data-status', 'accepted');
    } finally {
      await request.post(`/api/findings/${id}/review`, { data: { decision: 'new', comment: 'e2e: reset' } });
    }
    const api = await (await request.get('/api/namespaces/webapp/findings')).json();
    expect(api.findings.find((f: { id: string }) => f.id === id)).toMatchObject({ held: true, status: 'new' });
  });

  test("the map marks the held finding's connection with a red outline, named in the legend", async ({ page }) => {
    const map = new NamespaceMapPage(page, 'webapp');
    await map.open();
    await map.expectNodes(2);
    await expect.poll(async () => (await map.drawn()).edgeClasses, { timeout: 20_000 }).toContain('held');
    await expect(page.getByTestId('map-legend')).toContainText('held for review');
    // The connections list (the canvas' accessible twin) names it too; a long list starts closed.
    const connections = page.locator('details', { has: page.getByTestId('edge-list') });
    if (!(await connections.evaluate((d) => (d as HTMLDetailsElement).open))) await connections.locator('summary').click();
    await expect(page.locator('[data-testid="edge-item"][data-held="true"]').first()).toContainText('debug-netshoot');
  });
});
