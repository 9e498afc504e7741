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

  it('one next step for the cluster: a blocked step first, else the namespace furthest along, lowest stakes first', () => {
    const row = (namespace: string, rank: number, currentStep: 2 | 3 | 5 | 6 | 7 | undefined, blocked = false) => ({ namespace, rank, currentStep, blocked, action: `do ${currentStep} in ${namespace}` });
    expect(clusterNextStep([row('webapp', 2, 5), row('kube-system', 6, 3), row('blog', 1, 2)])).toMatchObject({ namespace: 'webapp', step: 5 });
    expect(clusterNextStep([row('kube-system', 6, 3), row('blog', 1, 2)])).toMatchObject({ namespace: 'kube-system', step: 3, scope: 'cluster', title: 'Turn on policyAuditMode: true' });
    expect(clusterNextStep([row('webapp', 2, 5), row('blog', 1, 5)])).toMatchObject({ namespace: 'blog', step: 5, action: 'do 5 in blog', blocked: false });
    expect(clusterNextStep([row('webapp', 2, 5), row('monitoring', 4, 7, true)])).toMatchObject({ namespace: 'monitoring', step: 7, blocked: true });
    expect(clusterNextStep([row('blog', 1, undefined)])).toBeUndefined();
  });

  it('finishes a namespace already under way before starting the next one, and leaves the cluster-wide deny for last', () => {
    const row = (namespace: string, rank: number, currentStep: 2 | 3 | 4 | 5 | 6 | 7 | 8) => ({ namespace, rank, currentStep, blocked: false, action: `do ${currentStep} in ${namespace}` });
    // The demo's mix: traefik not picked yet, webapp fixing holes, uptime quiet and ready to enforce.
    expect(clusterNextStep([row('traefik', 1, 2), row('monitoring', 0, 3), row('webapp', 3, 6), row('uptime', 2, 7)])).toMatchObject({ namespace: 'uptime', step: 7 });
    expect(clusterNextStep([row('traefik', 1, 2), row('webapp', 3, 6), row('blog', 2, 4)])).toMatchObject({ namespace: 'webapp', step: 6 });
    // Nothing under way: start the lowest-stakes namespace, not the cluster-wide default deny.
    expect(clusterNextStep([row('homepage', 4, 8), row('argocd', 5, 2), row('traefik', 1, 2)])).toMatchObject({ namespace: 'traefik', step: 2 });
    expect(clusterNextStep([row('homepage', 4, 8), row('uptime', 2, 8)])).toMatchObject({ namespace: 'uptime', step: 8, scope: 'cluster' });
    // Enforcing a namespace that audits through its own window is closing that window, not the agent-wide switch.
    expect(clusterNextStep([row('uptime', 2, 7)])).toMatchObject({ step: 7, scope: 'cluster' });
    expect(clusterNextStep([{ ...row('uptime', 2, 7), auditWindowOpen: true }])).toMatchObject({ step: 7, scope: 'namespace' });
  });
});
