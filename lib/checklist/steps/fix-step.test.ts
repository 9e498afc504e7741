import { describe, expect, it } from 'vitest';
import { checklistInput, confirmed, HOUR, kubeOn, NOW, pod } from '../../testing/checklist-builders';
import { stepContext } from '../step-context';
import { fixStep } from './fix-step';

const step = (overrides: Parameters<typeof checklistInput>[0]) => fixStep(stepContext(checklistInput(overrides)));
const findings = (f: Partial<ReturnType<typeof checklistInput>['findings']>) => ({ new: 0, accepted: 0, rejected: 0, needsInfo: 0, seenAgain: 0, held: 0, ...f });

describe('step 6: tail AUDIT and fix every hole', () => {
  it('is todo with nothing to fix and no observation, measured only', () => {
    expect(step({})).toMatchObject({ state: 'todo', confirmable: false });
  });

  it('is in progress while findings are open, even when quiet', () => {
    const s = step({ findings: findings({ new: 2, needsInfo: 1, accepted: 4 }), audit: { flows: 9, firstAuditAt: NOW - 50 * HOUR, lastAuditAt: NOW - 30 * HOUR } });
    expect(s.state).toBe('in-progress');
    expect(s.evidence[0]).toEqual({ label: 'Open findings', value: '3 (new 2, needs-info 1)', source: 'measured' });
    expect(s.nextAction).toMatchObject({ href: '/namespaces/blog?tab=findings' });
    expect(s.nextAction.text).toMatch(/^Review 3 open findings/);
  });

  it('counts findings held for review as open and says how many are held; none held says none', () => {
    const quietAudit = { flows: 9, firstAuditAt: NOW - 50 * HOUR, lastAuditAt: NOW - 30 * HOUR };
    const s = step({ findings: findings({ new: 2, held: 1, accepted: 4 }), audit: quietAudit });
    expect(s.state).toBe('in-progress');
    expect(s.evidence).toContainEqual({ label: 'Held for review', value: '1 held for review: high risk by triage, out of the patch until a reviewer decides', source: 'measured' });
    expect(s.nextAction.text).toMatch(/^Decide the 1 held for review first/);
    // A held finding is never fewer than open, even if review counts lag behind.
    expect(step({ findings: findings({ held: 1 }), audit: quietAudit }).state).toBe('in-progress');
    const done = step({ findings: findings({ accepted: 4 }), audit: quietAudit });
    expect(done.state).toBe('done');
    expect(done.evidence).toContainEqual({ label: 'Held for review', value: 'none', source: 'measured' });
  });

  it('counts the quiet period from the last AUDIT and is done once it is over with nothing open', () => {
    const waiting = step({ findings: findings({ accepted: 2 }), audit: { flows: 9, firstAuditAt: NOW - 50 * HOUR, lastAuditAt: NOW - 5 * HOUR } });
    expect(waiting.state).toBe('in-progress');
    expect(waiting.evidence).toContainEqual({ label: 'Quiet period', value: '5h 0m of 1d 0h without a new AUDIT', source: 'measured' });
    expect(waiting.nextAction.text).toContain('Ship the accepted patch');
    expect(waiting.nextAction.text).toContain('Quiet period: 19h 0m to go');
    const quiet = step({ findings: findings({ accepted: 2 }), audit: { flows: 9, firstAuditAt: NOW - 50 * HOUR, lastAuditAt: NOW - 25 * HOUR } });
    expect(quiet.state).toBe('done');
    expect(quiet.evidence).toContainEqual({ label: 'Quiet period', value: 'met: no new AUDIT for 1d 1h (period 1d 0h)', source: 'measured' });
  });

  it('counts from the start of observation when no AUDIT ever came', () => {
    expect(step({ confirmations: [confirmed(3, NOW - 25 * HOUR)] }).state).toBe('done');
    expect(step({ confirmations: [confirmed(3, NOW - 2 * HOUR)] }).state).toBe('in-progress');
  });

  it('is not done while a rejected finding is seen again, and warns about the caller', () => {
    const s = step({ findings: findings({ rejected: 1, seenAgain: 1 }), audit: { flows: 9, firstAuditAt: NOW - 50 * HOUR, lastAuditAt: NOW - 30 * HOUR } });
    expect(s.state).toBe('in-progress');
    expect(s.warnings).toEqual([expect.objectContaining({ code: 'findings.seen-again', severity: 'warning', step: 6 })]);
  });

  it('is blocked when audit mode is on but nothing selects the namespace (the quiet proves nothing)', () => {
    const s = step({ kubernetes: kubeOn({ auditMode: true, changedAt: NOW - 40 * HOUR, pods: [pod('blog')] }) });
    expect(s.state).toBe('blocked');
  });
});
