import { describe, expect, it } from 'vitest';
import { appendFlows } from './append-flows';
import { flowBetween } from '../testing/flow-builders';

describe('appendFlows', () => {
  it('puts the newest flow first', () => {
    const a = flowBetween('blog/blog', 'kube-system/coredns');
    const b = flowBetween('blog/blog', 'kube-system/coredns');
    expect(appendFlows([], [a, b]).map((f) => f.uuid)).toEqual([b.uuid, a.uuid]);
  });

  it('returns the same buffer when a batch brings only duplicates (no re-render)', () => {
    const a = flowBetween('blog/blog', 'kube-system/coredns');
    const buffer = appendFlows([], [a]);
    expect(appendFlows(buffer, [a])).toBe(buffer);
    expect(appendFlows(buffer, [])).toBe(buffer);
  });

  it('never holds more than its capacity', () => {
    const batch = Array.from({ length: 50 }, () => flowBetween('a/x', 'b/y'));
    const buffer = appendFlows([], batch, 10);
    expect(buffer).toHaveLength(10);
    expect(buffer[0].uuid).toBe(batch[49].uuid);
  });
});
