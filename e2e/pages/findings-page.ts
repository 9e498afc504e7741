import { expect, type Page } from '@playwright/test';

/** A namespace's Findings tab. */
export class FindingsPage {
  constructor(readonly page: Page, readonly namespace: string) {}

  async open(): Promise<void> {
    await this.page.goto(`/namespaces/${this.namespace}?tab=findings`);
    await expect(this.page.getByTestId('replay-summary')).toBeVisible({ timeout: 30_000 });
  }

  rows() {
    return this.page.getByTestId('finding-row');
  }

  async wouldDrop(which: 'before' | 'after'): Promise<number> {
    return Number((await this.page.getByTestId(`would-drop-${which}`).innerText()).replace(/[^0-9]/g, ''));
  }

  patchYaml() {
    return this.page.getByTestId('patch-yaml');
  }
}
