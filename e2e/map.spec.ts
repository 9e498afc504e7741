import { expect, test } from './console-guard';
import { NamespaceMapPage } from './pages/namespace-map-page';

test.describe('service map', () => {
  test('shows a namespace map where an AUDIT edge opens its flows', async ({ page }) => {
    const map = new NamespaceMapPage(page, 'webapp');
    await map.open();
    await map.expectNodes(3);
    await expect(map.auditEdges().first()).toBeVisible({ timeout: 20_000 });
    await map.auditEdges().first().click();
    const panel = map.sidePanel();
    await expect(panel).toBeVisible();
    await expect(panel).toContainText('AUDIT');
    await expect(panel).toContainText('would be dropped when the policy is enforced');
    await expect(panel.getByTestId('edge-flows').locator('li').first()).toBeVisible();
    await panel.getByRole('link', { name: 'Open in the flow table' }).click();
    await expect(page.getByTestId('flow-row').first()).toBeVisible();
    const verdicts = await page.getByTestId('flow-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict')));
    expect(new Set(verdicts)).toEqual(new Set(['AUDIT']));
  });

  test('the all-namespaces overview links to a namespace', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('img', { name: 'Overview of all namespaces' })).toBeVisible();
    const overview = await (await page.request.get('/api/graph?window=1h')).json();
    expect(overview.nodes.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining(['namespace:webapp', 'namespace:blog', 'entity:world']));
    expect(overview.edges.some((e: { verdicts: { AUDIT?: number } }) => (e.verdicts.AUDIT ?? 0) > 0)).toBe(true);
  });

  test('the map filters hide verdicts and noise', async ({ page }) => {
    const map = new NamespaceMapPage(page, 'blog');
    await map.open();
    await map.expectNodes(2);
    const canvas = page.getByTestId('service-map');
    const shown = async () => Number(await canvas.getAttribute('data-edges'));
    await expect.poll(shown).toBeGreaterThan(0);
    const all = await shown();
    await page.getByRole('checkbox', { name: 'Forwarded' }).uncheck();
    await page.getByRole('checkbox', { name: 'Dropped' }).uncheck();
    // Only AUDIT edges remain: as many as the edge list shows.
    await expect.poll(shown).toBeLessThan(all);
    await expect.poll(async () => (await shown()) === (await map.auditEdges().count())).toBe(true);
    await page.getByRole('checkbox', { name: 'AUDIT' }).uncheck();
    await expect.poll(shown).toBe(0);
  });
});
