import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './console-guard';
import { ExportPanelPage } from './pages/export-panel-page';

// The fake GitHub that playwright.config.ts starts next to the app (scripts/fake-github.ts).
const FAKE_GITHUB = `http://127.0.0.1:${process.env.FAKE_GITHUB_PORT ?? 3199}`;

type Finding = { id: string; status: string };

async function findingsOf(request: APIRequestContext, ns: string): Promise<Finding[]> {
  return (await (await request.get(`/api/namespaces/${ns}/findings`)).json()).findings;
}

test.describe('export the accepted patch as a GitHub pull request', () => {
  test('the button says why it is disabled while nothing is accepted', async ({ page, request }) => {
    expect((await (await request.get('/api/export/config')).json()).github).toEqual({ configured: true, repository: 'acme/gitops', baseBranch: 'main' });
    const panel = new ExportPanelPage(page, 'kube-system');
    await panel.open();
    await expect(panel.openButton()).toBeDisabled();
    await expect(panel.openButton()).toHaveText('Open pull request (0 accepted)');
    await expect(panel.disabledReason()).toContainText('No finding is accepted yet, so there is nothing to export');
    await expect(panel.download('patch')).toHaveCount(0);
  });

  // monitoring: its findings (policy drops) are proposed in the suggested patch, and no spec accepts one.
  test('what is proposed and what will be exported are both shown; an empty offline export says why', async ({ page, request }) => {
    await expect.poll(async () => (await findingsOf(request, 'monitoring')).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const proposed = (await findingsOf(request, 'monitoring')).filter((f) => f.status !== 'rejected').length;
    const panel = new ExportPanelPage(page, 'monitoring');
    await panel.open();
    await expect(panel.summary()).toContainText('Will be exported: 0 accepted findings');
    await expect(panel.summary()).toContainText(`of ${proposed} proposed`);
    await expect(page.getByTestId('patch-proposed')).toContainText(/proposed: \d+ finding/);
    await expect(panel.disabledReason()).toContainText(`The suggested patch above proposes ${proposed} finding`);
    await expect(panel.panel().getByTestId('export-offline-disabled')).toHaveText('Offline: git patch (0) · YAML (0)');
    for (const kind of ['patch', 'yaml']) {
      const offline = await request.get(`/api/namespaces/monitoring/export.${kind}`);
      expect(offline.status()).toBe(409);
      const { error } = await offline.json();
      expect(error).toMatchObject({ code: 'conflict:export', details: { reason: 'nothing-accepted' } });
      expect(error.message).toContain('Nothing to export in monitoring yet: none of its');
    }
  });

  // argocd: no other spec reviews its findings (review.spec works on webapp and blog).
  test('accept the findings, click Open pull request, and see the pull request link', async ({ page, request }) => {
    await expect.poll(async () => (await findingsOf(request, 'argocd')).length, { timeout: 30_000 }).toBeGreaterThan(0);
    for (const finding of await findingsOf(request, 'argocd')) {
      if (finding.status === 'accepted') continue;
      const review = await request.post(`/api/findings/${finding.id}/review`, { data: { decision: 'accepted', comment: 'seen in the e2e run' } });
      expect(review.ok(), await review.text()).toBe(true);
    }
    const panel = new ExportPanelPage(page, 'argocd');
    await panel.open();
    await expect(panel.openButton()).toBeEnabled({ timeout: 20_000 });
    const accepted = (await findingsOf(request, 'argocd')).filter((f) => f.status === 'accepted').length;
    await expect(panel.openButton()).toHaveText(new RegExp(`^(Open|Update) pull request.* \\(${accepted} accepted\\)$`));
    await expect(panel.download('patch')).toHaveAttribute('href', '/api/namespaces/argocd/export.patch');
    await expect(panel.download('patch')).toHaveText(`git patch (${accepted})`);
    await expect(panel.summary()).toContainText(`Will be exported: ${accepted} accepted finding`);
    await panel.panel().getByText('Show what will be exported').click();
    await expect(panel.panel().getByTestId('export-preview-yaml')).toContainText('apps/argocd/cilium-policies.yaml');
    await panel.openButton().click();
    await expect(panel.prLink()).toBeVisible({ timeout: 30_000 });
    await expect(panel.prLink()).toHaveText(/^#\d+$/);
    const href = (await panel.prLink().getAttribute('href'))!;
    expect(href).toMatch(new RegExp(`^${FAKE_GITHUB}/web/acme/gitops/pull/\\d+$`));

    // On the fake GitHub: every request matched GitHub's OpenAPI description, the pull request is open, and the
    // demo repository's policy file was edited in place (its first lines kept, Lockstep's evidence added).
    const state = await (await request.get(`${FAKE_GITHUB}/__fake/state`)).json();
    expect(state.violations).toEqual([]);
    const number = Number(href.split('/').pop());
    expect(state.pulls.find((p: { number: number }) => p.number === number)).toMatchObject({ head: 'lockstep/argocd-policies', base: 'main', state: 'open' });
    const fileOn = async (branch: string) => (await (await request.get(`${FAKE_GITHUB}/__fake/file?branch=${branch}&path=apps/argocd/cilium-policies.yaml`)).json()).text as string;
    const [before, after] = [await fileOn('main'), await fileOn('lockstep/argocd-policies')];
    expect(before).toContain('shipped in audit mode (rollout step 4).');
    expect(after.startsWith(before.split('\n').slice(0, 3).join('\n'))).toBe(true);
    expect(after).toContain('# lockstep:');

    await page.goto(href);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`accepted finding`);
  });
});
