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

  /** Rows of findings a reviewer decides on as usual: not held for review (held ones are listed apart, first). */
  async reviewableRows() {
    await expect(this.rows().first()).toBeVisible({ timeout: 30_000 });
    const held = await this.page.getByTestId('held-finding').evaluateAll((items) => items.map((i) => i.getAttribute('data-finding-id') ?? ''));
    return this.page.locator(`tr[data-testid="finding-row"]${held.map((id) => `:not([data-finding-id="${id}"])`).join('')}`);
  }

  /** A finding's row in the table (a held finding also appears in the held list). */
  row(id: string) {
    return this.page.locator(`tr[data-testid="finding-row"][data-finding-id="${id}"]`);
  }

  /** Flows of findings held for review: left out of the patch, so they stay in "would be dropped" after it. */
  async heldFlows(): Promise<number> {
    const held = this.page.getByTestId('held-flows');
    return (await held.count()) === 0 ? 0 : Number((await held.innerText()).replace(/[^0-9]/g, ''));
  }

  /**
   * The held-flows line and the flows of each finding in the held list, read in one go (the analysis refreshes
   * while the demo runs): the line is the sum of the held findings' flows.
   */
  async heldBreakdown(): Promise<{ total: number; findings: { id: string; flows: number }[] }> {
    return this.page.evaluate(() => {
      const number = (text: string | null | undefined) => Number((text ?? '').replace(/[^0-9]/g, '') || 0);
      const total = number(document.querySelector('[data-testid="held-flows"]')?.textContent);
      const findings = [...document.querySelectorAll('[data-testid="held-finding"]')].map((item) => ({
        id: item.getAttribute('data-finding-id') ?? '',
        flows: number(/· ([\d,]+) flows ·/.exec(item.querySelector('p')?.textContent ?? '')?.[1]),
      }));
      return { total, findings };
    });
  }

  async wouldDrop(which: 'before' | 'after'): Promise<number> {
    return Number((await this.page.getByTestId(`would-drop-${which}`).innerText()).replace(/[^0-9]/g, ''));
  }

  patchYaml() {
    return this.page.getByTestId('patch-yaml');
  }
}
