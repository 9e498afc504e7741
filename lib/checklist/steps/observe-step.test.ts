import { describe, expect, it } from 'vitest';
import { checklistInput, cnp, confirmed, HOUR, kubeOn, NOW, pod } from '../../testing/checklist-builders';

const policies = [cnp('blog-policy', 'blog', { 'app.kubernetes.io/name': 'blog' })];
import { stepContext } from '../step-context';
import { observeStep } from './observe-step';

const step = (overrides: Parameters<typeof checklistInput>[0]) => observeStep(stepContext(checklistInput(overrides)));
const audit = (hoursAgo: number) => ({ flows: 7, firstAuditAt: NOW - hoursAgo * HOUR, lastAuditAt: NOW - HOUR });

describe('step 5: use the apps for a day or two', () => {
  it('is todo before observation starts, not confirmable', () => {
    const s = step({});
    expect(s).toMatchObject({ state: 'todo', confirmable: false });
    expect(s.evidence[0]).toEqual({ label: 'Observation in audit mode', value: 'not started: audit mode is not known to be on', source: 'measured' });
  });

  it('counts observation from the cilium-config change, else the first AUDIT, else step 3\'s confirmation', () => {
    const kube = step({ kubernetes: kubeOn({ auditMode: true, changedAt: NOW - 30 * HOUR }), audit: audit(2) });
    expect(kube.evidence[0]).toEqual({ label: 'Observation in audit mode', value: '1d 6h since 2026-11-02 04:00Z (cilium-config change); minimum 1d 0h', source: 'kubernetes' });
    expect(step({ audit: audit(3) }).evidence[0]).toMatchObject({ value: '3h 0m since 2026-11-03 07:00Z (first AUDIT seen here); minimum 1d 0h', source: 'measured' });
    expect(step({ confirmations: [confirmed(3, NOW - 2 * HOUR)] }).evidence[0]).toMatchObject({ source: 'manual' });
  });

  it('is done, measured, after the minimum period with every workload Kubernetes knows seen active', () => {
    const facts = { kubernetes: kubeOn({ auditMode: true, changedAt: NOW - 25 * HOUR, pods: [pod('blog')] }), audit: audit(25) };
    const s = step(facts);
    expect(s).toMatchObject({ state: 'done', confirmable: false });
    expect(s.evidence).toContainEqual({ label: 'Not yet seen active', value: 'none: every workload had traffic', source: 'kubernetes' });
  });

  it('stays in progress while too short, or while workloads have not been exercised', () => {
    const short = step({ kubernetes: kubeOn({ auditMode: true, changedAt: NOW - 2 * HOUR, pods: [pod('blog')], policies }) });
    expect(short.state).toBe('in-progress');
    expect(short.nextAction.text).toBe('Keep using the apps normally: 22h 0m to go.');
    const idle = step({ kubernetes: kubeOn({ auditMode: true, changedAt: NOW - 30 * HOUR, pods: [pod('blog'), pod('backup')], policies }) });
    expect(idle.state).toBe('in-progress');
    expect(idle.evidence).toContainEqual({ label: 'Not yet seen active', value: 'backup', source: 'kubernetes' });
    expect(idle.nextAction.text).toContain('Exercise what has not been seen yet: backup');
  });

  it('without Kubernetes, asks for a confirmation that every app was exercised, and is done once given', () => {
    const open = step({ audit: audit(30) });
    expect(open).toMatchObject({ state: 'in-progress', confirmable: true });
    expect(open.evidence).toContainEqual({ label: 'Not yet seen active', value: 'unknown without the Kubernetes API: confirm that every app was exercised', source: 'manual' });
    expect(step({ audit: audit(30), confirmations: [confirmed(5, NOW, 'erin')] })).toMatchObject({ state: 'done', confirmedBy: 'erin' });
  });

  it('is blocked when audit mode is on but no policy selects the namespace: nothing can be reported', () => {
    const s = step({ kubernetes: kubeOn({ auditMode: true, changedAt: NOW - 30 * HOUR, pods: [pod('blog')] }) });
    expect(s).toMatchObject({ state: 'blocked', confirmable: false });
    expect(s.nextAction.text).toMatch(/^Nothing selects blog/);
  });
});
