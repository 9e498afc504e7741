import { describe, expect, it } from 'vitest';
import { lintPolicies } from '../run';

const DAY = 86_400_000;
const since = Date.UTC(2026, 10, 1);
const lint = (context: Parameters<typeof lintPolicies>[1]) => lintPolicies([], context, { only: ['audit.window-too-long'] });

describe('audit.window-too-long', () => {
  it('fires after the default 7 days, as a rollout-level problem', () => {
    const [problem] = lint({ auditSince: since, now: since + 10 * DAY });
    expect(problem).toMatchObject({ code: 'CNP009', path: '', severity: 'warning' });
    expect(problem.policy).toBeUndefined();
    expect(problem.message).toContain('10 days (limit 7)');
  });

  it('respects maxAuditDays, a switched-off audit mode and a missing clock', () => {
    expect(lint({ auditSince: since, now: since + 6 * DAY })).toEqual([]);
    expect(lint({ auditSince: since, now: since + 6 * DAY, maxAuditDays: 3 })).toHaveLength(1);
    expect(lint({ auditSince: since, now: since + 30 * DAY, auditMode: false })).toEqual([]);
    expect(lint({ auditSince: since })).toEqual([]);
  });
});
