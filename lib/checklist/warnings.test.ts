import { describe, expect, it } from 'vitest';
import { checklistWarning, sortWarnings } from './warnings';

describe('checklist warnings', () => {
  it('take severity and message from one table', () => {
    expect(checklistWarning('kubernetes.unreachable', { reason: 'Kubernetes API not reachable: timeout after 5000 ms' })).toEqual({
      code: 'kubernetes.unreachable',
      severity: 'info',
      message: 'Kubernetes API not reachable: timeout after 5000 ms. Steps that need the cluster\'s word ask for a manual confirmation instead.',
    });
    expect(checklistWarning('ccnp.dns-not-in-same-resource', { policies: ['a', 'b'] }, 8)).toMatchObject({ severity: 'error', step: 8 });
    expect(checklistWarning('audit.cluster-wide-stops-enforcement', { namespaces: ['a', 'b'], mode: 'on' }).message).toMatch(/^a, b already enforce policies/);
  });

  it('sort errors first and drop duplicates', () => {
    const info = checklistWarning('kubernetes.unreachable', { reason: 'x' });
    const warn = checklistWarning('findings.seen-again', { count: 2 });
    const error = checklistWarning('enforce.policy-denied-regression', { namespace: 'blog', flows: 1, since: 0, last: 0 });
    expect(sortWarnings([info, warn, error, warn]).map((w) => w.severity)).toEqual(['error', 'warning', 'info']);
  });
});
