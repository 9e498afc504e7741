import { describe, expect, it } from 'vitest';
import { extractFindings } from '@/lib/findings/extract-findings';
import { auditStream } from '../ingest/testing/fake-relay';
import { mergeFindingRow, newFindingRow, toStoredFinding } from './finding-row';

const flows = auditStream(25).filter((_, i) => i % 5 === 0); // one pair, 5 flows
const [all] = extractFindings(flows).findings;
const part = (from: number, to: number) => extractFindings(flows.slice(from, to), { sampleSize: 2 }).findings[0];

describe('finding rows', () => {
  it('round-trips a finding (as JSON: undefined fields of sample flows drop out)', () => {
    const stored = toStoredFinding(newFindingRow(all, 1, 5));
    expect(stored).toMatchObject({ ...JSON.parse(JSON.stringify(all)), status: 'new', seenAgain: false, flowsAtReview: 0, lastAuditAt: all.lastSeen, createdAt: 1 });
  });

  it('merges batches in any order into the same totals, earliest samples and united nodes', () => {
    const forward = mergeFindingRow(newFindingRow(part(0, 2), 1, 2), part(2, 5), 2, 2).row;
    const backward = mergeFindingRow(newFindingRow(part(2, 5), 1, 2), part(0, 2), 2, 2).row;
    for (const row of [forward, backward]) {
      const f = toStoredFinding(row);
      expect(f).toMatchObject({ flows: 5, auditFlows: 5, firstSeen: all.firstSeen, lastSeen: all.lastSeen, nodes: all.nodes });
      expect(f.samples.map((s) => s.uuid)).toEqual(all.samples.slice(0, 2).map((s) => s.uuid));
    }
  });

  it('flags "seen again" on the transition of a rejected finding only', () => {
    const rejected = { ...newFindingRow(part(0, 2), 1, 2), status: 'rejected' as const };
    const once = mergeFindingRow(rejected, part(2, 3), 2, 2);
    expect(once.seenAgainNow).toBe(true);
    expect(mergeFindingRow(once.row, part(3, 4), 3, 2).seenAgainNow).toBe(false);
    expect(mergeFindingRow(newFindingRow(part(0, 2), 1, 2), part(2, 3), 2, 2).seenAgainNow).toBe(false);
  });
});
