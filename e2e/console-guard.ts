import { test as base, expect } from '@playwright/test';

/**
 * The `test` every spec uses: it fails a test when the page logs a console error or warning, or throws an uncaught exception
 * (a 404 favicon, a React warning, a failed fetch), so a new console error cannot slip in unnoticed.
 * A test that provokes an error on purpose lists it: `test.use({ allowedConsoleErrors: [/the expected text/] })`.
 * (ESLint keeps specs from importing `test` from @playwright/test directly.)
 */
export const test = base.extend<{ allowedConsoleErrors: RegExp[]; consoleGuard: void }>({
  allowedConsoleErrors: [[], { option: true }],
  consoleGuard: [
    async ({ page, allowedConsoleErrors, baseURL }, use) => {
      const errors: string[] = [];
      const allowed = (text: string) => allowedConsoleErrors.some((re) => re.test(text));
      // Only Lockstep's pages count: a test may visit the fake GitHub, which is not ours to judge.
      const ours = () => !baseURL || page.url().startsWith(new URL(baseURL).origin) || page.url() === 'about:blank';
      page.on('console', (message) => {
        if (!ours()) return;
        // Warnings count too: cytoscape's "custom wheel sensitivity" and React's warnings are warnings.
        if (message.type() !== 'error' && message.type() !== 'warning') return;
        const where = message.location().url ? ` (${message.location().url})` : '';
        const text = `${message.type()}: ${message.text()}${where}`;
        if (!allowed(text)) errors.push(text);
      });
      page.on('pageerror', (error) => {
        if (!ours()) return;
        const text = `uncaught: ${error.message}`;
        if (!allowed(text)) errors.push(text);
      });
      await use();
      expect(errors, 'console errors on the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
