import { describe, expect, it } from 'vitest';
import { checklistInput, HOUR, kubeOn, NOW, pod } from '../testing/checklist-builders';
import { buildChecklist } from './build-checklist';
import { checklistProgress, sortProgress } from './checklist-progress';

describe('buildChecklist', () => {
  it('returns the eight steps of the rollout in order, with their scopes, for one namespace', () => {
    const list = buildChecklist(checklistInput());
    expect(list.namespace).toBe('blog');
    expect(list.generatedAt).toBe(NOW);
    expect(list.steps.map((s) => [s.step, s.scope])).toEqual([
      [1, 'cluster'], [2, 'namespace'], [3, 'cluster'], [4, 'namespace'], [5, 'namespace'], [6, 'namespace'], [7, 'cluster'], [8, 'cluster'],
    ]);
    expect(list.steps.map((s) => s.state)).toEqual(['done', 'todo', 'todo', 'todo', 'todo', 'todo', 'todo', 'todo']);
    // Demo mode: the cluster is not read, so the cluster-dependent steps ask for a confirmation.
    expect(list.steps.filter((s) => s.confirmable).map((s) => s.step)).toEqual([2, 3, 4, 7, 8]);
    expect(list.warnings).toEqual([]);
  });

  it('collects every step\'s warnings, errors first, plus one note when the Kubernetes API failed', () => {
    const list = buildChecklist(
      checklistInput({
        kubernetes: kubeOn({ auditMode: false, changedAt: NOW - 10 * HOUR, pods: [pod('blog')], clusterPolicies: { ok: false, reason: 'timeout after 5000 ms' } }),
        audit: { flows: 3, firstAuditAt: NOW - 40 * HOUR, lastAuditAt: NOW - 20 * HOUR },
        policyDrops: [NOW - HOUR],
        findings: { new: 1, accepted: 0, rejected: 0, needsInfo: 0, seenAgain: 0, held: 0 },
      }),
    );
    expect(list.warnings.map((w) => [w.code, w.severity])).toEqual([
      ['enforce.policy-denied-regression', 'error'],
      ['enforce.open-findings', 'warning'],
      ['kubernetes.unreachable', 'info'],
    ]);
    expect(list.warnings[2].message).toMatch(/^Kubernetes API not reachable: timeout after 5000 ms\./);
  });

  it('folds into an overview row: done count, current step, open findings, warnings without info', () => {
    const list = buildChecklist(checklistInput({ kubernetes: kubeOn({ pods: { ok: false, reason: 'x' } }) }));
    const row = checklistProgress(list, { rank: checklistInput().ranking[0], openFindings: 2, heldFindings: 1, lastAuditAt: undefined });
    expect(row).toEqual({
      namespace: 'blog', rank: 1, states: list.steps.map((s) => s.state), done: 1, currentStep: 2, currentAction: list.steps[1].nextAction.text,
      openFindings: 2, heldFindings: 1, lastAuditAt: undefined, lastPolicyDropAt: undefined, warnings: [],
    });
    const rows = sortProgress([{ ...row, namespace: 'z', rank: undefined }, { ...row, rank: 2, namespace: 'b' }, row]);
    expect(rows.map((r) => r.namespace)).toEqual(['blog', 'b', 'z']);
  });
});
