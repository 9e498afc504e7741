import { describe, expect, it } from 'vitest';
import { checklistInput, HOUR, NOW } from '../testing/checklist-builders';
import { buildChecklist } from './build-checklist';
import { checklistProgress } from './checklist-progress';
import { clusterNextStep, clusterWarnings } from './cluster-overview';
import type { NamespaceChecklist } from './checklist';

/** The checklist of `namespace` in a cluster where monitoring enforces and the relay is down. */
function listOf(namespace: string, enforcing: string[]): NamespaceChecklist {
  return buildChecklist(
    checklistInput({
      namespace,
      enforcingNamespaces: enforcing.filter((n) => n !== namespace),
      relay: { ...checklistInput().relay, state: 'reconnecting', lastError: 'UNAVAILABLE: connection refused' },
    }),
  );
}

describe('the cluster-wide parts of the rollout overview', () => {
  it('shows a cluster-wide warning once, in full, and keeps it off the rows', () => {
    const lists = ['blog', 'webapp', 'argocd', 'monitoring'].map((ns) => listOf(ns, ['monitoring']));
    const banner = clusterWarnings(lists);
    expect(banner.map((w) => w.code)).toEqual(['relay.not-streaming', 'audit.cluster-wide-stops-enforcement']);
    expect(banner[1].message).toMatch(/^monitoring already enforces policies\. policy-audit-mode is agent-wide/);
    for (const list of lists) {
      const row = checklistProgress(list, { rank: undefined, openFindings: 0, lastAuditAt: undefined });
      expect(row.warnings.filter((w) => w.code === 'audit.cluster-wide-stops-enforcement' || w.code === 'relay.not-streaming')).toEqual([]);
    }
  });

  it('a namespace\'s own warnings stay on its row', () => {
    const list = buildChecklist(checklistInput({ findings: { new: 0, accepted: 0, rejected: 2, needsInfo: 0, seenAgain: 2, held: 0 }, audit: { flows: 3, firstAuditAt: NOW - 3 * HOUR, lastAuditAt: NOW - HOUR } }));
    expect(checklistProgress(list, { rank: undefined, openFindings: 0, lastAuditAt: undefined }).warnings.map((w) => w.code)).toEqual(['findings.seen-again']);
    expect(clusterWarnings([list])).toEqual([]);
  });

  it('one next step for the cluster: a blocked step first, else the earliest step, lowest stakes first', () => {
    const row = (namespace: string, rank: number, currentStep: 2 | 3 | 5 | 6 | 7 | undefined, blocked = false) => ({ namespace, rank, currentStep, blocked, action: `do ${currentStep} in ${namespace}` });
    expect(clusterNextStep([row('webapp', 2, 5), row('blog', 1, 6), row('kube-system', 6, 3)])).toMatchObject({ namespace: 'kube-system', step: 3, scope: 'cluster', title: 'Turn on policyAuditMode: true' });
    expect(clusterNextStep([row('webapp', 2, 5), row('blog', 1, 5)])).toMatchObject({ namespace: 'blog', step: 5, action: 'do 5 in blog', blocked: false });
    expect(clusterNextStep([row('webapp', 2, 5), row('monitoring', 4, 7, true)])).toMatchObject({ namespace: 'monitoring', step: 7, blocked: true });
    expect(clusterNextStep([row('blog', 1, undefined)])).toBeUndefined();
  });
});
