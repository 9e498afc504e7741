import { describe, expect, it } from 'vitest';
import { buildChecklist } from '../build-checklist';
import { checklistProgress } from '../checklist-progress';
import type { AuditWindow } from '../../rollout/audit-window/audit-window';
import type { AuditWindowFacts } from '../../rollout/audit-window/window-facts';
import { checklistInput, HOUR, kubeOn, NOW } from '../../testing/checklist-builders';

const window: AuditWindow = {
  id: 1, namespace: 'blog', mode: 'exec', openedAt: NOW - 2 * HOUR, openedBy: 'alice', closesAt: NOW + 46 * HOUR,
  endpoints: [
    { pod: 'blog-1', endpointId: 12, node: 'node-1', agentPod: 'cilium-a', state: 'enabled', enabledAt: NOW - 2 * HOUR },
    { pod: 'blog-2', endpointId: 13, node: 'node-9', agentPod: undefined, state: 'unreachable', reason: 'no Cilium agent pod runs on node-9' },
  ],
  lastReconcile: { at: NOW - 60_000, ok: true, enabled: 0, dropped: 1 },
};

const facts = (w: AuditWindow, verification: NonNullable<AuditWindowFacts['current']>['verification'] = { endpoints: [], auditAfterClose: undefined }): AuditWindowFacts => ({
  mode: 'exec', defaultDurationMs: 48 * HOUR, current: { window: w, verification },
});

describe('step 3 with a per-namespace audit window', () => {
  it('recommends the window when other namespaces enforce and the feature is on', () => {
    const list = buildChecklist(checklistInput({ enforcingNamespaces: ['monitoring'], auditWindow: { mode: 'exec', defaultDurationMs: 48 * HOUR } }));
    const step3 = list.steps[2];
    expect(step3.nextAction.text).toMatch(/^Recommended: open an audit window for blog/);
    expect(step3.nextAction.text).toContain('monitoring keep enforcing');
    expect(list.auditWindow).toEqual({ mode: 'exec', defaultDurationMs: 48 * HOUR });
  });

  it('is done while the window is open: since, closes at, coverage, last reconcile and unreachable endpoints with the reason', () => {
    const verification = { endpoints: [{ pod: 'blog-1', status: 'not-in-audit-mode' as const, audit: 0, denied: 3, lastAt: NOW - 1 }], auditAfterClose: undefined };
    const list = buildChecklist(checklistInput({ enforcingNamespaces: ['monitoring'], auditWindow: facts(window, verification) }));
    const step3 = list.steps[2];
    expect(step3.state).toBe('done');
    const ev = Object.fromEntries(step3.evidence.map((e) => [e.label, e.value]));
    expect(ev['Audit window']).toBe('open since 2026-11-03 08:00Z by alice; closes at 2026-11-05 08:00Z (in 1d 22h)');
    expect(ev['Endpoints in audit mode']).toBe('1 / 2');
    expect(ev['Last reconcile']).toContain('0 endpoints enabled, 1 dropped');
    expect(ev['Unreachable endpoints']).toBe('blog-2 (endpoint 13 on node-9): no Cilium agent pod runs on node-9');
    expect(ev['Verdicts since the window opened']).toBe('not in audit mode: blog-1');
    const codes = step3.warnings.map((w) => w.code);
    expect(codes).toContain('audit-window.not-in-audit-mode');
    expect(codes).toContain('audit-window.unreachable');
    // Only blog audits: no warning about suspending monitoring's enforcement.
    expect(codes).not.toContain('audit.cluster-wide-stops-enforcement');
    // Step 5's observation starts when the window opened.
    expect(list.steps[4].evidence[0].value).toContain('(audit window opened)');
    const row = checklistProgress(list, { rank: undefined, openFindings: 0, lastAuditAt: undefined });
    expect(row.auditWindow).toMatchObject({ open: true, covered: 1, total: 2, notInAuditMode: ['blog-1'], unreachable: [{ pod: 'blog-2' }] });
  });

  it('says loudly when AUDIT did not stop after the window closed', () => {
    const closed = { ...window, closedAt: NOW - HOUR, closedBy: 'lockstep', closeReason: 'expired' as const };
    const list = buildChecklist(checklistInput({ auditWindow: facts(closed, { endpoints: [], auditAfterClose: { flows: 4, lastAt: NOW - 60_000, pods: ['blog-1'] } }) }));
    expect(list.warnings[0]).toMatchObject({ code: 'audit-window.still-auditing', severity: 'error' });
    expect(list.warnings[0].message).toContain('AUDIT did not stop: 4 flows from blog-1');
    const ev = Object.fromEntries(list.steps[2].evidence.map((e) => [e.label, e.value]));
    expect(ev['Audit window']).toMatch(/^closed 2026-11-03 09:00Z \(its time was up, lockstep\)/);
    // Closed: the namespace enforces since the close.
    expect(list.steps[6].evidence.find((e) => e.label === 'Enforcing since')?.value).toBe('2026-11-03 09:00Z');
  });

  it('step 7 asks to close the open window, not to turn the agent-wide switch off (which is off already)', () => {
    const list = buildChecklist(checklistInput({ kubernetes: kubeOn({ auditMode: false }), auditWindow: facts(window) }));
    expect(list.steps[6]).toMatchObject({ state: 'todo', nextAction: { href: '/namespaces/blog?tab=checklist' } });
    expect(list.steps[6].nextAction.text).toMatch(/^blog audits through its audit window, not the agent-wide switch\. Once step 6 is done here, close the window/);
    expect(list.steps[6].nextAction.copy).toBeUndefined();
    // With agent-wide audit mode on, closing the window would not enforce: the Helm value stays the action.
    const agentWide = buildChecklist(checklistInput({ kubernetes: kubeOn({ auditMode: true }), auditWindow: facts(window) }));
    expect(agentWide.steps[6].nextAction.text).toMatch(/^Once step 6 is done in every namespace in audit, set policyAuditMode: false/);
  });
});
