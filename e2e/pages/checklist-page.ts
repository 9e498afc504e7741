import { expect, type Locator, type Page } from '@playwright/test';

/** A namespace's Checklist tab. */
export class ChecklistPage {
  constructor(readonly page: Page, readonly namespace: string) {}

  async open(): Promise<void> {
    await this.page.goto(`/namespaces/${this.namespace}?tab=checklist`);
    await expect(this.steps()).toHaveCount(8, { timeout: 30_000 });
  }

  steps(): Locator {
    return this.page.getByTestId('checklist-step');
  }

  step(n: number): Locator {
    return this.page.locator(`[data-testid="checklist-step"][data-step="${n}"]`);
  }

  /** One evidence row of a step, by its label. */
  evidence(n: number, label: string): Locator {
    return this.step(n).getByTestId('evidence').filter({ has: this.page.locator('dt', { hasText: label }) });
  }

  warnings(): Locator {
    return this.page.getByTestId('checklist-warnings');
  }

  confirmedBy(n: number): Locator {
    return this.step(n).getByTestId('confirmed-by');
  }

  /** Withdraws an earlier confirmation (left by a previous run on the same data directory). */
  async ensureUnconfirmed(n: number): Promise<void> {
    const withdraw = this.step(n).getByRole('button', { name: /^Withdraw confirmation/ });
    if (await withdraw.isVisible()) {
      await withdraw.click();
      await expect(this.confirmedBy(n)).toHaveCount(0);
    }
  }

  async confirm(n: number, note: string): Promise<void> {
    await this.step(n).getByLabel(`Note for step ${n}`).fill(note);
    await this.step(n).getByRole('button', { name: new RegExp(`^Confirm step ${n}`) }).click();
  }

  async withdraw(n: number): Promise<void> {
    await this.step(n).getByRole('button', { name: /^Withdraw confirmation/ }).click();
  }
}
