import { expect, type Locator, type Page } from '@playwright/test';

/** The rollout overview (/rollout). */
export class RolloutPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/rollout');
    await expect(this.page.getByTestId('rollout-table')).toBeVisible({ timeout: 30_000 });
  }

  rows(): Locator {
    return this.page.getByTestId('rollout-row');
  }

  row(namespace: string): Locator {
    return this.page.locator(`[data-testid="rollout-row"][data-namespace="${namespace}"]`);
  }
}
