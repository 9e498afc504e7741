import { expect, type Page } from '@playwright/test';

/** A namespace's Flows tab. */
export class NamespaceFlowsPage {
  constructor(readonly page: Page, readonly namespace: string) {}

  async open(): Promise<void> {
    await this.page.goto(`/namespaces/${this.namespace}?tab=flows`);
    await expect(this.page.getByRole('heading', { name: new RegExp(this.namespace) })).toBeVisible();
  }

  rows() {
    return this.page.getByTestId('flow-row');
  }

  async filterVerdict(verdict: 'ALL' | 'AUDIT' | 'DROPPED' | 'FORWARDED'): Promise<void> {
    await this.page.getByRole('group', { name: 'Filter by verdict' }).getByRole('button', { name: verdict === 'ALL' ? 'All' : verdict }).click();
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search flows' }).fill(text);
  }

  /** "Paused while the pointer is over the table" and the "N new" button. */
  hoverPause() {
    return this.page.getByTestId('flows-hover-pause');
  }

  newButton() {
    return this.page.getByTestId('flows-new');
  }

  details() {
    return this.page.getByTestId('flow-details');
  }
}
