import { expect, test } from './console-guard';
import { ChecklistPage } from './pages/checklist-page';
import { RolloutPage } from './pages/rollout-page';

interface Row {
  namespace: string;
  states: string[];
  openFindings: number;
}

// The demo's namespaces stand at different steps, from the same evidence a cluster gives (the demo cluster's
// Kubernetes API, its audit windows, the flows): homepage was observed and enforces, uptime is in audit, quiet and
// ready to enforce, webapp is in audit with findings to decide. The demo's quiet period is 2 minutes.
test.describe('the demo rollout: one namespace enforcing, one ready to enforce, one busy', () => {
  test('the rollout page shows homepage enforcing, uptime ready to enforce, webapp busy; step 3 is done where AUDIT flows', async ({ page, request }) => {
    test.setTimeout(240_000);
    const rows = async () => ((await (await request.get('/api/checklist')).json()).namespaces as Row[]);
    const state = (all: Row[], ns: string, step: number) => all.find((r) => r.namespace === ns)?.states[step - 1];
    await expect
      .poll(async () => {
        const all = await rows();
        return [state(all, 'homepage', 7), state(all, 'uptime', 6)];
      }, { timeout: 200_000, intervals: [5_000] })
      .toEqual(['done', 'done']);

    const rollout = new RolloutPage(page);
    await rollout.open();
    await expect(page.getByTestId('rollout-kubernetes')).toContainText('Cluster facts from the Kubernetes API (the demo cluster)');
    const segment = (ns: string, step: number) => rollout.row(ns).getByTestId('step-progress').locator('[data-state]').nth(step - 1);

    // homepage: steps 1 to 7 done, enforcing with no policy drop; only the cluster-wide CCNP is left.
    const homepage = rollout.row('homepage');
    for (let step = 1; step <= 7; step++) await expect(segment('homepage', step)).toHaveAttribute('data-state', 'done');
    await expect(homepage.getByTestId('rollout-current-step')).toHaveAttribute('data-step', '8');
    await expect(homepage.getByTestId('rollout-open-findings')).toHaveText('0');
    await expect(homepage.getByTestId('rollout-audit-window')).toHaveAttribute('data-state', 'closed');

    // uptime: in audit through its window, quiet: steps 1 to 6 done, step 7 is next.
    const uptime = rollout.row('uptime');
    for (let step = 1; step <= 6; step++) await expect(segment('uptime', step)).toHaveAttribute('data-state', 'done');
    await expect(segment('uptime', 7)).toHaveAttribute('data-state', 'todo');
    await expect(uptime.getByTestId('rollout-current-step')).toHaveAttribute('data-step', '7');
    await expect(uptime.getByTestId('rollout-open-findings')).toHaveText('0');
    await expect(uptime.getByTestId('rollout-audit-window')).toHaveAttribute('data-state', 'open');
    // The one next step for the cluster finishes what is under way: enforce uptime, not pick another namespace.
    await expect(page.getByTestId('rollout-next')).toContainText('Do this next: step 7, Set policyAuditMode: false in uptime');

    // webapp: AUDIT flows, so step 3 is done; its findings keep step 6 in progress.
    const webapp = rollout.row('webapp');
    await expect(segment('webapp', 3)).toHaveAttribute('data-state', 'done');
    await expect(segment('webapp', 6)).toHaveAttribute('data-state', 'in-progress');
    await expect(webapp.getByTestId('rollout-open-findings')).toHaveText(/^[1-9]/);
    for (const ns of ['blog', 'argocd']) await expect(segment(ns, 3)).toHaveAttribute('data-state', 'done');

    // The checklists say why, with measured evidence.
    const enforced = new ChecklistPage(page, 'homepage');
    await enforced.open();
    await expect(enforced.step(7)).toHaveAttribute('data-state', 'done');
    await expect(enforced.evidence(7, 'policy-audit-mode')).toHaveAttribute('data-source', 'kubernetes');
    await expect(enforced.evidence(7, 'Enforcing since')).not.toContainText('unknown');
    await expect(enforced.evidence(7, 'POLICY_DENIED drops since enforcement')).toContainText('none');
    await expect(enforced.step(4)).toHaveAttribute('data-state', 'done');
    const ready = new ChecklistPage(page, 'uptime');
    await ready.open();
    await expect(ready.evidence(6, 'Quiet period')).toContainText('met: no new AUDIT');
    await expect(ready.evidence(5, 'Not yet seen active')).toContainText('none: every workload had traffic');
    await expect(ready.step(7)).toHaveAttribute('data-state', 'todo');
    // uptime audits through its window: enforcing it means closing that window, not the agent-wide switch.
    await expect(ready.step(7).getByTestId('next-action')).toContainText('uptime audits through its audit window, not the agent-wide switch');
    await expect(ready.step(3)).toHaveAttribute('data-state', 'done');
  });
});
