import type { Page, Request } from '@playwright/test';
import { expect, test } from './console-guard';
import { NamespaceMapPage } from './pages/namespace-map-page';
import { NamespacesPage } from './pages/namespaces-page';

/** The FORWARDED count on a namespace page's header (live from the shared stream). */
async function forwardedCount(page: Page): Promise<number> {
  const text = await page.getByTestId('namespace-counters').getByTestId('verdict-FORWARDED').innerText();
  return Number(text.replace(/[^0-9]/g, ''));
}

/** A tab is live when its numbers move: the relay is connected and a counter rises. */
async function expectLive(page: Page, namespace: string | undefined): Promise<void> {
  // Ten tabs hydrating at once on a busy machine: allow time, this test is about liveness, not speed.
  await expect(new NamespacesPage(page).relayStatus()).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
  if (namespace === undefined) {
    const home = new NamespacesPage(page);
    const count = async () => Number((await home.namespaceCard('blog').getByTestId('verdict-FORWARDED').innerText()).replace(/[^0-9]/g, ''));
    const before = await count();
    await expect.poll(count, { timeout: 60_000 }).toBeGreaterThan(before);
    return;
  }
  const before = await forwardedCount(page);
  await expect.poll(() => forwardedCount(page), { timeout: 60_000 }).toBeGreaterThan(before);
}

test.describe('live streams across tabs', () => {
  test('ten open tabs all stay live on one shared connection, also after the leading tab closes', async ({ context }) => {
    test.setTimeout(420_000);
    const open = new Set<Request>();
    const isStream = (r: Request) => /^\/api\/(stream|namespaces\/[^/]+\/stream)$/.test(new URL(r.url()).pathname);
    context.on('request', (r) => isStream(r) && open.add(r));
    context.on('requestfinished', (r) => open.delete(r));
    context.on('requestfailed', (r) => open.delete(r));
    // A closed tab reports nothing more about its requests: count the streams of open tabs.
    const openStreams = () => [...open].filter((r) => !r.frame().page().isClosed()).length;

    // The console guard watches the fixture's page; these tabs are checked the same way.
    const consoleErrors: string[] = [];
    context.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && consoleErrors.push(`${m.type()}: ${m.text()}`));
    context.on('weberror', (e) => consoleErrors.push(`uncaught: ${e.error().message}`));
    const maps = ['blog', 'webapp', 'argocd', 'monitoring', 'traefik', 'kube-system'];
    const flows = ['blog', 'webapp', 'monitoring'];
    const tabs: { page: Page; namespace: string | undefined }[] = [];
    const landing = await context.newPage();
    await new NamespacesPage(landing).open();
    tabs.push({ page: landing, namespace: undefined });
    for (const ns of maps) {
      const page = await context.newPage();
      await new NamespaceMapPage(page, ns).open();
      tabs.push({ page, namespace: ns });
    }
    for (const ns of flows) {
      const page = await context.newPage();
      await page.goto(`/namespaces/${ns}?tab=flows`);
      tabs.push({ page, namespace: ns });
    }
    expect(tabs).toHaveLength(10);

    await Promise.all(tabs.map(({ page, namespace }) => expectLive(page, namespace)));
    for (const { page, namespace } of tabs.slice(1, 7)) {
      await expect(page.getByText('Live map')).toBeVisible();
      await new NamespaceMapPage(page, namespace!).expectNodes(1);
    }
    for (const { page } of tabs.slice(7)) await expect(page.getByTestId('flow-row').first()).toBeVisible();
    // One connection for the whole browser, not one (or two) per tab.
    await expect.poll(openStreams).toBe(1);

    // The first tab leads (it holds the connection); when it closes another tab takes over and all stay live.
    await landing.close();
    await Promise.all(tabs.slice(1).map(({ page, namespace }) => expectLive(page, namespace)));
    await expect.poll(openStreams).toBe(1);
    expect(consoleErrors).toEqual([]);
  });
});
