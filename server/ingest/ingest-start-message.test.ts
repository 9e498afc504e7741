import { describe, expect, it } from 'vitest';
import { ingestStartMessage } from './ingest-start-message';

describe('ingestStartMessage', () => {
  it('says when the ingest started and, apart from it, the backlog window', () => {
    const now = Date.parse('2026-12-07T17:32:00Z');
    expect(ingestStartMessage(now, Date.parse('2026-12-07T11:32:00Z'), false)).toBe(
      'started at 2026-12-07T17:32:00.000Z; backlog from 2026-12-07T11:32:00.000Z (6 h back, first start)',
    );
    expect(ingestStartMessage(now, now - 30_000, true)).toBe('started at 2026-12-07T17:32:00.000Z; backlog from 2026-12-07T17:31:30.000Z (30 s back, resuming from the cursor)');
    expect(ingestStartMessage(now, now - 45 * 60_000, true)).toContain('(45 min back, resuming');
  });
});
