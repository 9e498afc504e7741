import { expect, type Page } from '@playwright/test';

/** A namespace's Map tab. */
export class NamespaceMapPage {
  constructor(readonly page: Page, readonly namespace: string) {}

  async open(): Promise<void> {
    await this.page.goto(`/namespaces/${this.namespace}?tab=map`);
    await expect(this.page.getByTestId('service-map')).toBeVisible();
  }

  /** Waits until the map shows at least `nodes` nodes. */
  async expectNodes(nodes: number): Promise<void> {
    await expect.poll(async () => Number(/(\d+) nodes/.exec((await this.page.getByTestId('map-counts').textContent()) ?? '')?.[1] ?? 0), { timeout: 20_000 }).toBeGreaterThanOrEqual(nodes);
  }

  auditEdges() {
    return this.page.locator('[data-testid="edge-item"][data-verdict="audit"]');
  }

  sidePanel() {
    return this.page.getByTestId('map-side-panel');
  }
}
