import { describe, expect, it } from 'vitest';
import { checklistInput, cnp, confirmed, kubeOn, NOW, pod } from '../../testing/checklist-builders';
import { stepContext } from '../step-context';
import { pickStep } from './pick-step';

const ranking = [
  { namespace: 'blog', rank: 1, workloads: 1, inboundPeers: 1, flows: 30, note: undefined },
  { namespace: 'webapp', rank: 2, workloads: 3, inboundPeers: 1, flows: 90, note: undefined },
  { namespace: 'kube-system', rank: 3, workloads: 2, inboundPeers: 8, flows: 900, note: 'system namespace: not a first pick' },
];

describe('step 2: pick a low-stakes namespace', () => {
  it('is todo until picked, and recommends the lowest-stakes namespace', () => {
    const s = pickStep(stepContext(checklistInput({ ranking })));
    expect(s).toMatchObject({ scope: 'namespace', state: 'todo', confirmable: true });
    expect(s.nextAction.text).toMatch(/^blog is the lowest-stakes namespace seen/);
    expect(s.evidence).toContainEqual({ label: 'Ranking', value: '1 of 3', source: 'measured' });
    expect(s.evidence).toContainEqual({ label: 'Inbound peers (who depends on it)', value: '1: traefik/traefik', source: 'measured' });
  });

  it('lists the best candidates elsewhere, with the reason a namespace is ranked low', () => {
    const s = pickStep(stepContext(checklistInput({ namespace: 'kube-system', ranking })));
    expect(s.nextAction.text).toBe(
      'Lowest stakes first: 1. blog (1 workload, 1 inbound peer); 2. webapp (3 workloads, 1 inbound peer); 3. kube-system (2 workloads, 8 inbound peers). kube-system: system namespace: not a first pick.',
    );
  });

  it('is done when confirmed by hand for this namespace, with who and when', () => {
    const s = pickStep(stepContext(checklistInput({ ranking, confirmations: [confirmed(2, NOW - 1000, 'alice', { note: 'one pod, nobody cries' })] })));
    expect(s).toMatchObject({ state: 'done', confirmedBy: 'alice', confirmedAt: NOW - 1000, confirmationNote: 'one pod, nobody cries' });
    expect(s.evidence.at(-1)).toMatchObject({ label: 'Confirmed by hand', source: 'manual' });
    // Another namespace's confirmation does not count here.
    const other = pickStep(stepContext(checklistInput({ ranking, confirmations: [confirmed(2, NOW, 'bob', { namespace: 'webapp' })] })));
    expect(other.state).toBe('todo');
  });

  it('is done without a confirmation once the rollout reached the namespace (AUDIT seen, or own policies)', () => {
    const audited = pickStep(stepContext(checklistInput({ audit: { flows: 4, firstAuditAt: NOW - 10, lastAuditAt: NOW } })));
    expect(audited).toMatchObject({ state: 'done', confirmable: false });
    expect(audited.confirmedBy).toBeUndefined();
    const policed = pickStep(stepContext(checklistInput({ kubernetes: kubeOn({ pods: [pod('blog')], policies: [cnp('blog-policy', 'blog', { 'app.kubernetes.io/name': 'blog' })] }) })));
    expect(policed.state).toBe('done');
  });

  it('ignores a withdrawn confirmation', () => {
    const s = pickStep(stepContext(checklistInput({ confirmations: [confirmed(2, NOW - 10), confirmed(2, NOW, 'bob', { confirmed: false })] })));
    expect(s.state).toBe('todo');
  });
});
