import { expect, type Page } from '@playwright/test';

/** The home page: relay status bar and namespace cards. */
export class NamespacesPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/');
  }

  relayStatus() {
    return this.page.getByTestId('relay-status');
  }

  namespaceCard(name: string) {
    return this.page.getByTestId(`namespace-${name}`);
  }

  async expectRelayConnected(): Promise<void> {
    await expect(this.relayStatus()).toHaveAttribute('data-state', 'connected');
    await expect(this.relayStatus()).toContainText('Relay connected');
  }

  /** The AUDIT count shown on a namespace card. */
  async auditCount(name: string): Promise<number> {
    const text = await this.namespaceCard(name).getByTestId('verdict-AUDIT').innerText();
    return Number(text.replace(/[^0-9]/g, ''));
  }
}
