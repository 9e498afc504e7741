import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './console-guard';
import { FindingsPage } from './pages/findings-page';

// Each spec leaves the review state as it found it: the decisions made here are set back to `new` at the end, so
// findings.spec (which proves the patch on webapp) passes whichever spec runs first.
async function resetReview(request: APIRequestContext, ids: readonly (string | null)[]) {
  for (const id of ids) if (id) await request.post(`/api/findings/${id}/review`, { data: { decision: 'new', comment: 'e2e: reset' } });
}

test.describe('team review of findings', () => {
  test('accept with a comment, reject another: statuses, thread, audit log and the patch follow', async ({ page, request }) => {
    const findings = new FindingsPage(page, 'webapp');
    await findings.open();
    const rows = await findings.reviewableRows();
    await expect(rows.nth(1)).toBeVisible({ timeout: 30_000 });
    // Pinned by id: after a decision the rows can move, and nth(1) then names another finding.
    const firstId = await rows.nth(0).getAttribute('data-finding-id');
    const secondId = await rows.nth(1).getAttribute('data-finding-id');
    const first = findings.row(firstId!);
    await first.getByRole('button', { name: 'evidence & review' }).click();
    const review = page.getByTestId('finding-review');
    await review.getByLabel('Comment').fill('Prometheus scrapes it; wanted.');
    await review.getByRole('button', { name: 'Accept' }).click();
    await expect(findings.row(firstId!)).toHaveAttribute('data-status', 'accepted');
    await expect(page.getByTestId('finding-thread')).toContainText('local-admin');
    await expect(page.getByTestId('finding-thread')).toContainText('Prometheus scrapes it; wanted.');

    const second = findings.row(secondId!);
    await second.getByRole('button', { name: 'evidence & review' }).click();
    await page.getByTestId('finding-review').getByRole('button', { name: 'Reject' }).click();
    await expect(findings.row(secondId!)).toHaveAttribute('data-status', 'rejected');
    await expect(page.getByText('find the caller', { exact: false })).toBeVisible();
    // A rejected finding stays out of the patch, so its flows would still be dropped.
    await expect.poll(() => findings.wouldDrop('after'), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByText(/^Audit log/).click();
    await expect(page.getByTestId('audit-log')).toContainText('accepted');
    await expect(page.getByTestId('audit-log')).toContainText('rejected');
    await resetReview(request, [firstId, secondId]);
  });

  test('the review API validates input and refuses forged origins', async ({ request }) => {
    await expect.poll(async () => (await (await request.get('/api/namespaces/blog/findings')).json()).findings.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const { findings } = await (await request.get('/api/namespaces/blog/findings')).json();
    const id = findings[0].id;
    expect((await request.post(`/api/findings/${id}/review`, { data: { decision: 'maybe' } })).status()).toBe(400);
    expect((await request.post(`/api/findings/${id}/review`, { data: { decision: 'accepted' }, headers: { origin: 'https://evil.example' } })).status()).toBe(403);
    expect((await request.post('/api/findings/no-such-finding/review', { data: { decision: 'accepted' } })).status()).toBe(404);
    const ok = await request.post(`/api/findings/${id}/review`, { data: { decision: 'needs-info', comment: 'who owns this?' } });
    expect(ok.status()).toBe(200);
    expect((await ok.json()).finding.status).toBe('needs-info');
    expect((await request.post(`/api/findings/${id}/review`, { data: { decision: 'needs-info' } })).status()).toBe(409);
    await resetReview(request, [id]);
    const me = await (await request.get('/api/me')).json();
    expect(me).toMatchObject({ user: 'local-admin', role: 'admin' });
  });
});
