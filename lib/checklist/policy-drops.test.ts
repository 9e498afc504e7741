import { describe, expect, it } from 'vitest';
import { flowBetween, FIXED_TIME } from '../testing/flow-builders';
import { policyDropTimes } from './policy-drops';

const drop = (from: string, to: string, direction: 'EGRESS' | 'INGRESS', at: number, extra = {}) => ({
  ...flowBetween(from, to, { verdict: 'DROPPED', direction }),
  dropReason: 'POLICY_DENIED',
  eventType: 5,
  time: FIXED_TIME + at,
  ...extra,
});

describe('policyDropTimes', () => {
  it('keeps POLICY_DENIED drops decided in the namespace (egress at the source, ingress at the destination)', () => {
    const flows = [
      drop('blog/blog', 'webapp/api', 'EGRESS', 3),
      drop('webapp/web', 'blog/blog', 'INGRESS', 1),
      drop('blog/blog', 'webapp/api', 'INGRESS', 2), // webapp's ingress decided it
      drop('blog/blog', 'webapp/api', 'EGRESS', 4, { dropReason: 'CT_MAP_INSERTION_FAILED' }),
      drop('blog/blog', 'webapp/api', 'EGRESS', 5, { eventType: 1 }), // the drop event twin of a verdict
      drop('blog/blog', 'webapp/api', 'EGRESS', 6, { isReply: true }),
      { ...drop('blog/blog', 'webapp/api', 'EGRESS', 7), verdict: 'AUDIT' as const },
    ];
    expect(policyDropTimes(flows, 'blog')).toEqual([FIXED_TIME + 1, FIXED_TIME + 3]);
  });
});
