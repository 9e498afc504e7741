import { describe, expect, it } from 'vitest';
import { FlowBuffer } from './flow-buffer';
import { auditStream } from './testing/fake-relay';

describe('FlowBuffer', () => {
  it('is first in, first out, and refuses (and counts) flows beyond its capacity', () => {
    const flows = auditStream(5);
    const buffer = new FlowBuffer(3);
    expect(flows.map((f) => buffer.push(f))).toEqual([true, true, true, false, false]);
    expect(buffer.dropped).toBe(2);
    expect(buffer.take(2).map((f) => f.uuid)).toEqual(['flow-0', 'flow-1']);
    expect(buffer.take(10).map((f) => f.uuid)).toEqual(['flow-2']);
    expect(buffer.length).toBe(0);
  });

  it('puts a failed batch back in front, dropping from the newest end what no longer fits', () => {
    const flows = auditStream(6);
    const buffer = new FlowBuffer(4);
    flows.slice(0, 3).forEach((f) => buffer.push(f));
    const taken = buffer.take(3);
    flows.slice(3).forEach((f) => buffer.push(f));
    expect(buffer.putBack(taken)).toBe(2);
    expect(buffer.take(10).map((f) => f.uuid)).toEqual(['flow-0', 'flow-1', 'flow-2', 'flow-3']);
    expect(buffer.dropped).toBe(2);
  });
});
