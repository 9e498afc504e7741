import { describe, expect, it } from 'vitest';
import { FIXED_TIME, flowBetween } from '../../testing/flow-builders';
import type { WindowEndpoint } from './audit-window';
import { verifyWindow } from './verify-window';

const ep = (pod: string, enabledAt?: number): WindowEndpoint => ({ pod, endpointId: 1, node: 'n', agentPod: 'a', state: 'enabled', ...(enabledAt !== undefined && { enabledAt }) });
const window = { namespace: 'shop', openedAt: FIXED_TIME, closedAt: undefined, endpoints: [ep('api-1'), ep('web-1'), ep('db-0', FIXED_TIME + 60_000)] };
const into = (pod: string, at: number, verdict: 'AUDIT' | 'DROPPED', extra: object = {}) =>
  flowBetween('other/client', 'shop/x', { direction: 'INGRESS', verdict, at, ...(verdict === 'DROPPED' && { dropReason: 'POLICY_DENIED' }), destination: { podName: pod }, ...extra });

describe('verifyWindow', () => {
  it('AUDIT where the endpoint decided, "not in audit mode" for POLICY_DENIED drops, nothing for the rest', () => {
    const v = verifyWindow(window, [into('api-1', 20_000, 'AUDIT'), into('web-1', 20_000, 'DROPPED'), into('web-1', 30_000, 'AUDIT')]);
    expect(v.endpoints.map((e) => [e.pod, e.status, e.audit, e.denied])).toEqual([
      ['api-1', 'audit', 1, 0],
      ['db-0', 'no-verdicts', 0, 0],
      ['web-1', 'not-in-audit-mode', 1, 1],
    ]);
  });

  it('does not hold verdicts within the grace period (or before a late endpoint was enabled) against the window', () => {
    const v = verifyWindow(window, [into('api-1', 5_000, 'DROPPED'), into('db-0', 30_000, 'DROPPED')]);
    expect(v.endpoints.every((e) => e.status === 'no-verdicts')).toBe(true);
  });

  it('ignores replies, other verdicts and drops for other reasons, and egress flows decided elsewhere', () => {
    const v = verifyWindow(window, [
      into('api-1', 20_000, 'DROPPED', { isReply: true }),
      flowBetween('other/client', 'shop/x', { direction: 'INGRESS', verdict: 'DROPPED', dropReason: 'CT_MAP_INSERTION_FAILED', at: 20_000, destination: { podName: 'api-1' } }),
      flowBetween('shop/x', 'other/server', { direction: 'INGRESS', verdict: 'DROPPED', dropReason: 'POLICY_DENIED', at: 20_000, source: { podName: 'api-1' } }),
      into('api-1', 20_000, 'FORWARDED' as 'AUDIT'),
    ]);
    expect(v.endpoints.find((e) => e.pod === 'api-1')?.status).toBe('no-verdicts');
  });

  it('after closing: AUDIT from the namespace past the grace period means audit did not stop', () => {
    const closed = { ...window, closedAt: FIXED_TIME + 100_000 };
    expect(verifyWindow(closed, [into('api-1', 105_000, 'AUDIT')]).auditAfterClose).toBeUndefined();
    expect(verifyWindow(closed, [into('api-1', 120_000, 'AUDIT'), into('web-1', 130_000, 'AUDIT')]).auditAfterClose).toEqual({ flows: 2, lastAt: FIXED_TIME + 130_000, pods: ['api-1', 'web-1'] });
  });
});
