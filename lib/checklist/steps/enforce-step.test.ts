import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checklistInput, confirmed, HOUR, kubeOn, NOW } from '../../testing/checklist-builders';
import { stepContext } from '../step-context';
import { enforceStep } from './enforce-step';

const audited = { flows: 9, firstAuditAt: NOW - 40 * HOUR, lastAuditAt: NOW - 20 * HOUR };
const enforcing = (changedAt = NOW - 10 * HOUR) => kubeOn({ auditMode: false, changedAt });
const step = (overrides: Parameters<typeof checklistInput>[0]) => enforceStep(stepContext(checklistInput(overrides)));

describe('step 7: policyAuditMode: false', () => {
  it('is todo while audit mode is on, or was never on, with the Helm value and the check command', () => {
    const s = step({ kubernetes: kubeOn({ auditMode: true }), audit: audited });
    expect(s).toMatchObject({ state: 'todo', scope: 'cluster', confirmable: false });
    expect(parse(s.nextAction.copy!)).toEqual({ policyAuditMode: false });
    expect(s.nextAction.also![0].language).toBe('shell');
    expect(step({ kubernetes: kubeOn({ auditMode: false }) }).state).toBe('todo');
  });

  it('is done when cilium-config went false after audit mode had been on, with a roll-back hint', () => {
    const s = step({ kubernetes: enforcing(), audit: audited });
    expect(s.state).toBe('done');
    expect(s.evidence).toContainEqual({ label: 'Enforcing since', value: '2026-11-03 00:00Z', source: 'kubernetes' });
    expect(parse(s.nextAction.also![0].copy)).toEqual({ policyAuditMode: true });
  });

  it('is in progress while AUDIT verdicts still arrive after enforcement began', () => {
    const s = step({ kubernetes: enforcing(NOW - 10 * HOUR), audit: { ...audited, lastAuditAt: NOW - HOUR } });
    expect(s.state).toBe('in-progress');
    expect(s.nextAction.language).toBe('shell');
  });

  it('is blocked with a loud error on DROPPED/POLICY_DENIED right after enforcement (a regression)', () => {
    const s = step({ kubernetes: enforcing(), audit: audited, policyDrops: [NOW - 12 * HOUR, NOW - 9 * HOUR, NOW - 2 * HOUR] });
    expect(s.state).toBe('blocked');
    expect(s.warnings).toEqual([expect.objectContaining({ code: 'enforce.policy-denied-regression', severity: 'error', step: 7 })]);
    expect(s.warnings[0].message).toBe(
      'Regression: 2 flows of blog DROPPED with POLICY_DENIED since enforcement began (2026-11-03 00:00Z), the last at 2026-11-03 08:00Z. Something the audit window did not see is now blocked: check the Findings tab, or roll back with policyAuditMode: true.',
    );
    expect(parse(s.nextAction.copy!)).toEqual({ policyAuditMode: true });
    expect(s.nextAction.href).toBe('/namespaces/blog?tab=findings');
  });

  it('falls back to a confirmation where cilium-config cannot be read; drops before it are no regression', () => {
    const open = step({ audit: audited });
    expect(open).toMatchObject({ state: 'todo', confirmable: true });
    const done = step({ audit: audited, confirmations: [confirmed(3, NOW - 40 * HOUR), confirmed(7, NOW - 10 * HOUR, 'frank')], policyDrops: [NOW - 11 * HOUR] });
    expect(done).toMatchObject({ state: 'done', confirmedBy: 'frank', confirmedAt: NOW - 10 * HOUR });
    const broken = step({ audit: audited, confirmations: [confirmed(7, NOW - 10 * HOUR)], policyDrops: [NOW - HOUR] });
    expect(broken.state).toBe('blocked');
  });

  it('warns when policies enforce while findings are still open', () => {
    const s = step({ kubernetes: enforcing(), audit: audited, findings: { new: 2, accepted: 0, rejected: 0, needsInfo: 0, seenAgain: 0, held: 0 } });
    expect(s.warnings).toEqual([expect.objectContaining({ code: 'enforce.open-findings', severity: 'warning' })]);
  });
});
