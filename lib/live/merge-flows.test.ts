import { describe, expect, it } from 'vitest';
import { flowBetween } from '../testing/flow-builders';
import { countNewFlows, mergeFlows } from './merge-flows';

const at = (offsetMs: number) => flowBetween('webapp/webapp', 'webapp/postgres', { port: 5432, at: offsetMs });

describe('mergeFlows', () => {
  it('merges two newest-first lists newest first, each flow once, up to the cap', () => {
    const [f1, f2, f3, f4] = [at(1000), at(2000), at(3000), at(4000)];
    const live = [f4, f2];
    const server = [f3, f2, f1];
    expect(mergeFlows(live, server, 10).map((f) => f.uuid)).toEqual([f4, f3, f2, f1].map((f) => f.uuid));
    expect(mergeFlows(live, server, 2).map((f) => f.uuid)).toEqual([f4, f3].map((f) => f.uuid));
    expect(mergeFlows([], server, 10)).toEqual(server);
  });
});

describe('countNewFlows', () => {
  it('counts the flows newer than the frozen view that it does not show', () => {
    const [f1, f2, f3, f4] = [at(1000), at(2000), at(3000), at(4000)];
    expect(countNewFlows([f4, f3, f2, f1], [f2, f1])).toBe(2);
    expect(countNewFlows([f2, f1], [f2, f1])).toBe(0);
    // A late flow older than the newest row shown is not "new".
    expect(countNewFlows([f3, f2, f1], [f3, f1])).toBe(0);
    expect(countNewFlows([f1], [])).toBe(1);
  });
});
