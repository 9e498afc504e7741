import { defineConfig } from '@playwright/test';
import fs from 'node:fs';

/**
 * End-to-end tests run the production build on the embedded demo relay. Browser: Playwright's own Chromium when
 * installed, otherwise the system Chromium (Debian's /usr/bin/chromium), or LOCKSTEP_CHROMIUM.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
// The fake GitHub (scripts/fake-github.ts) that the export tests open pull requests on.
const fakeGithubPort = Number(process.env.FAKE_GITHUB_PORT ?? 3199);
const fakeGithubToken = 'e2e-token';

function systemChromium(): string | undefined {
  const candidates = [process.env.LOCKSTEP_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p) => p && fs.existsSync(p));
}

function playwrightHasBrowser(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require('playwright-core');
    return fs.existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

const executablePath = playwrightHasBrowser() ? undefined : systemChromium();

export default defineConfig({
  testDir: 'e2e',
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: [{
    command: 'node scripts/start.mjs',
    url: `http://127.0.0.1:${port}/api/healthz`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    env: {
      PORT: String(port), HOSTNAME: '127.0.0.1', LOCKSTEP_DEMO_RATE: '60', LOCKSTEP_DATA_DIR: 'test-results/e2e-data',
      GITHUB_REPOSITORY: 'acme/gitops', GITHUB_TOKEN: fakeGithubToken, GITHUB_API_URL: `http://127.0.0.1:${fakeGithubPort}`,
      // Audit windows on the demo cluster (e2e/audit-window.spec.ts).
      LOCKSTEP_AUDIT_WINDOW: 'enabled',
    },
  }, {
    command: 'npx tsx --conditions=react-server scripts/fake-github.ts',
    url: `http://127.0.0.1:${fakeGithubPort}/__fake/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    env: { FAKE_GITHUB_PORT: String(fakeGithubPort), FAKE_GITHUB_TOKEN: fakeGithubToken },
  }],
});
