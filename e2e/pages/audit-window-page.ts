import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { ChecklistPage } from './checklist-page';

/** Step 3's audit window panel on a namespace's checklist. */
export class AuditWindowPage {
  readonly checklist: ChecklistPage;

  constructor(readonly page: Page, readonly namespace: string) {
    this.checklist = new ChecklistPage(page, namespace);
  }

  /** Closes a window left open by an earlier run on the same data directory. */
  static async ensureClosed(request: APIRequestContext, namespace: string, baseURL: string): Promise<void> {
    const facts = await (await request.get(`/api/namespaces/${namespace}/audit-window`)).json();
    if (facts.current && facts.current.window.closedAt === undefined) {
      const closed = await request.post(`/api/namespaces/${namespace}/audit-window/close`, { data: {}, headers: { origin: baseURL } });
      expect(closed.status()).toBe(200);
    }
  }

  async open(): Promise<void> {
    await this.checklist.open();
  }

  panel(): Locator {
    return this.checklist.step(3).getByTestId('audit-window');
  }

  async openWindow(hours: number): Promise<void> {
    await this.panel().getByLabel('Audit window hours').fill(String(hours));
    await this.panel().getByRole('button', { name: `Open an audit window for ${this.namespace}` }).click();
  }

  async closeWindow(): Promise<void> {
    await this.panel().getByRole('button', { name: 'Close the audit window' }).click();
  }
}
