import { expect, test } from './console-guard';
import { FindingsPage } from './pages/findings-page';
import { NamespaceMapPage } from './pages/namespace-map-page';
import { ChecklistPage } from './pages/checklist-page';
import { RolloutPage } from './pages/rollout-page';

interface ApiFinding {
  id: string;
  held: boolean;
  port: number;
  peer: { kind: string; cidr?: string };
  triage: { severity: string; signals: { code: string }[] };
}

/** webapp's finding to a bare world address, once triage has seen it (the beacon needs ten beats). */
async function worldFinding(request: import('@playwright/test').APIRequestContext, ip: string): Promise<ApiFinding | undefined> {
  const { findings } = (await (await request.get('/api/namespaces/webapp/findings')).json()) as { findings: ApiFinding[] };
  return findings.find((f) => f.peer.kind === 'cidr' && f.peer.cidr === `${ip}/32`);
}

// Leaves the review state as it found it: the held finding accepted here is set back to `new` at the end, so
// findings.spec (the patch leaves exactly the held flows dropped) passes whichever spec runs first.
test.describe('triage: findings held for review', () => {
  test('the debug pod is held with its signals and flows; accepting it releases it into the patch', async ({ page, request }) => {
    const findings = new FindingsPage(page, 'webapp');
    await findings.open();
    const section = page.getByTestId('held-for-review');
    await expect(section).toContainText('Held for review', { timeout: 30_000 });
    const held = page.getByTestId('held-finding').filter({ hasText: 'debug-netshoot' });
    await expect(held).toHaveCount(1);
    const id = await held.getAttribute('data-finding-id');
    expect(id).toBeTruthy();
    // Its signals, in plain words: a bare pod with no owning controller.
    await expect(held.getByTestId('held-signals').locator('li[data-signal="unowned-workload"]')).toContainText('has no owning controller');
    // Its sample flows.
    await held.getByText('Sample flows').click();
    await expect(held.locator('details li').first()).toContainText('debug-netshoot');
    const heldBefore = await findings.heldFlows();
    expect(heldBefore).toBeGreaterThan(0);
    try {
      await held.getByTestId('held-review').getByRole('button', { name: 'Accept' }).click();
      await expect(page.locator(`[data-testid="held-finding"][data-finding-id="${id}"]`)).toHaveCount(0, { timeout: 20_000 });
      // Its flows leave the held count: what stays held is the other held findings' flows (the beacon keeps calling).
      await expect.poll(async () => {
        const { total, findings: items } = await findings.heldBreakdown();
        return { debugHeld: items.some((f) => f.id === id), consistent: total === items.reduce((n, f) => n + f.flows, 0) };
      }, { timeout: 20_000 }).toEqual({ debugHeld: false, consistent: true });
      await expect(findings.row(id!)).toHaveAttribute('data-status', 'accepted');
    } finally {
      await request.post(`/api/findings/${id}/review`, { data: { decision: 'new', comment: 'e2e: reset' } });
    }
    const api = await (await request.get('/api/namespaces/webapp/findings')).json();
    expect(api.findings.find((f: { id: string }) => f.id === id)).toMatchObject({ held: true, status: 'new' });
  });

  test('the beacon is held with its periodic timing; the mail relay reached by IP stays in the patch', async ({ page, request }) => {
    // The relay starts with two minutes of history and webapp calls home every 10 s: triage needs ten beats.
    await expect.poll(async () => (await worldFinding(request, '192.0.2.77'))?.triage.signals.map((s) => s.code) ?? [], { timeout: 60_000 }).toContain('periodic-timing');
    expect(await worldFinding(request, '192.0.2.77')).toMatchObject({ held: true, port: 28082, triage: { severity: 'high' } });
    const mail = await worldFinding(request, '192.0.2.25');
    expect(mail).toMatchObject({ held: false, port: 587 });
    expect(mail!.triage.severity).not.toBe('high');
    expect(mail!.triage.signals.map((s) => s.code)).not.toContain('periodic-timing');

    const findings = new FindingsPage(page, 'webapp');
    await findings.open();
    const beacon = page.getByTestId('held-finding').filter({ hasText: '192.0.2.77' });
    await expect(beacon).toHaveCount(1, { timeout: 30_000 });
    await expect(beacon.locator('li[data-signal="periodic-timing"]')).toContainText(/connections every \d+(\.\d)? s with \d+ % jitter/);
    await expect(beacon.locator('li[data-signal="nameless-address"]')).toContainText('192.0.2.77');
    await expect(beacon.locator('li[data-signal="unusual-port"]')).toContainText('TCP/28082');
    // The mail relay is an ordinary finding: not held, included in the suggested patch.
    await expect(page.getByTestId('held-finding').filter({ hasText: '192.0.2.25' })).toHaveCount(0);
    const mailRow = findings.row(mail!.id);
    await expect(mailRow).toContainText('587/TCP');
    await expect(mailRow.getByRole('checkbox')).toBeChecked();
    // Medium: kept in the patch with its reason shown.
    await expect(mailRow.getByTestId('risk-badge')).toHaveAttribute('data-severity', 'medium');
    await expect(mailRow.locator('[data-testid="finding-reasons"] li[data-signal="nameless-address"]')).toContainText('192.0.2.25');
  });

  test('held findings are open on the checklist: step 6 says how many are held, the rollout overview too', async ({ page }) => {
    const checklist = new ChecklistPage(page, 'webapp');
    await checklist.open();
    await expect(checklist.evidence(6, 'Held for review')).toContainText(/\d+ held for review/, { timeout: 30_000 });
    await expect(checklist.step(6)).not.toHaveAttribute('data-state', 'done');
    await expect(checklist.step(6).getByTestId('next-action')).toContainText(/Decide the \d+ held for review first/);
    const rollout = new RolloutPage(page);
    await rollout.open();
    await expect(rollout.row('webapp').getByTestId('rollout-held-findings')).toContainText(/\d+ held for review/);
    await expect(rollout.row('argocd').getByTestId('rollout-held-findings')).toHaveCount(0);
  });

  test("the map marks the held finding's connection with a red outline, named in the legend", async ({ page }) => {
    const map = new NamespaceMapPage(page, 'webapp');
    await map.open();
    await map.expectNodes(2);
    await expect.poll(async () => (await map.drawn()).edgeClasses, { timeout: 20_000 }).toContain('held');
    await expect(page.getByTestId('map-legend')).toContainText('held for review');
    // The connections list (the canvas' accessible twin) names it too; a long list starts closed.
    const connections = page.locator('details', { has: page.getByTestId('edge-list') });
    if (!(await connections.evaluate((d) => (d as HTMLDetailsElement).open))) await connections.locator('summary').click();
    const heldItems = page.locator('[data-testid="edge-item"][data-held="true"]');
    await expect(heldItems.filter({ hasText: 'debug-netshoot' })).toHaveCount(1);
    // The beacon's connection to the nameless world node is marked too (from the finding's key, not its samples).
    await expect.poll(async () => (await heldItems.allInnerTexts()).some((t) => t.includes('28082')), { timeout: 30_000 }).toBe(true);
  });
});
