import { describe, expect, it } from 'vitest';
import { SseAdmission } from './sse-admission';
import { createLockstepMetrics } from '../metrics';
import { AppError } from '../errors';

function refusal(fn: () => unknown): AppError | undefined {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  return undefined;
}

describe('item 13: SSE concurrency caps', () => {
  it('refuses a client over its cap with 503 and counts it, and frees the slot on release', () => {
    const metrics = createLockstepMetrics();
    const sse = new SseAdmission({ maxStreams: 100, maxPerClient: 2 }, metrics);
    const first = sse.admit('address:127.0.0.1');
    sse.admit('address:127.0.0.1');
    const refused = refusal(() => sse.admit('address:127.0.0.1'));
    expect(refused?.status).toBe(503);
    expect(refused?.message).toMatch(/close some tabs/);
    expect(metrics.get('lockstep_sse_rejected_total', { reason: 'per_client' })).toBe(1);
    // Another client is not affected; a released slot is free again (release twice counts once).
    expect(refusal(() => sse.admit('user:alice'))).toBeUndefined();
    first();
    first();
    expect(refusal(() => sse.admit('address:127.0.0.1'))).toBeUndefined();
    expect(sse.open).toBe(3);
  });

  it('refuses every client once the total is reached', () => {
    const metrics = createLockstepMetrics();
    const sse = new SseAdmission({ maxStreams: 3, maxPerClient: 10 }, metrics);
    for (const user of ['a', 'b', 'c']) sse.admit(`user:${user}`);
    expect(refusal(() => sse.admit('user:d'))?.status).toBe(503);
    expect(metrics.get('lockstep_sse_rejected_total', { reason: 'total' })).toBe(1);
  });
});
