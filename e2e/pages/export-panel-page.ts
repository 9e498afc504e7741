import { expect, type Page } from '@playwright/test';

/** The Export panel on a namespace's Findings tab. */
export class ExportPanelPage {
  constructor(readonly page: Page, readonly namespace: string) {}

  async open(): Promise<void> {
    await this.page.goto(`/namespaces/${this.namespace}?tab=findings`);
    await expect(this.panel()).toBeVisible();
  }

  panel() {
    return this.page.getByTestId('export-panel');
  }

  openButton() {
    return this.panel().getByTestId('export-open-pr');
  }

  /** "Will be exported: N accepted findings of M proposed…". */
  summary() {
    return this.panel().getByTestId('export-summary');
  }

  disabledReason() {
    return this.panel().getByTestId('export-disabled-reason');
  }

  progress() {
    return this.panel().getByTestId('export-progress');
  }

  prLink() {
    return this.panel().getByTestId('export-pr-link');
  }

  download(kind: 'patch' | 'yaml') {
    return this.panel().getByTestId(`export-download-${kind}`);
  }
}
