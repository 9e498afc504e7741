import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { RecentIds } from '@/lib/live/recent-ids';
import { FlowHub } from '../live/flow-hub';
import { createLockstepMetrics } from '../metrics';
import { importCapture } from './import-capture';
import { appErrorOf } from '../testing/app-error-of';

const MiB = 1024 * 1024;
const sample = fs.readFileSync(path.join(__dirname, 'testdata', 'hubble-otel_basic-sample-10-flows.json'));

function upload(body: Uint8Array): Request {
  return new Request('http://127.0.0.1/api/captures', { method: 'POST', body: body as BodyInit });
}

function deps() {
  return { hub: new FlowHub(), metrics: createLockstepMetrics(), seen: new RecentIds(1000, { checks: 'every-add' }) };
}

describe('importCapture', () => {
  it('imports a gzip capture into the live store', async () => {
    const d = deps();
    const summary = await importCapture(upload(gzipSync(sample)), d);
    expect(summary).toMatchObject({ gzip: true, imported: 10, invalid: 0 });
  });

  it('imports nothing the second time the same capture is uploaded: every flow is counted as a duplicate', async () => {
    const d = deps();
    await importCapture(upload(sample), d);
    const again = await importCapture(upload(gzipSync(sample)), d);
    expect(again).toMatchObject({ imported: 0, duplicates: 10 });
    expect(d.hub.lastSeq).toBe(10);
  });

  it('item 1: a gzip bomb is refused with 413 once the decompressed limit is reached, never building its line', async () => {
    // 48 MiB of zeros (no newline) in ~50 KB of gzip; the limit here is 16 MiB decompressed.
    const bomb = gzipSync(Buffer.alloc(48 * MiB));
    expect(bomb.byteLength).toBeLessThan(MiB);
    const d = deps();
    const error = await appErrorOf(importCapture(upload(bomb), { ...d, maxDecompressedBytes: 16 * MiB, maxCompressionRatio: Infinity }));
    expect(error.status).toBe(413);
    expect(error.message).toMatch(/inflates to more than 16 MiB/);
    expect(d.hub.namespaceSummaries()).toEqual([]);
  });

  it('item 1: with the default limits a gzip bomb is refused by its compression ratio, long before the size limit', async () => {
    const bomb = gzipSync(Buffer.alloc(48 * MiB));
    const error = await appErrorOf(importCapture(upload(bomb), deps()));
    expect(error.status).toBe(413);
    expect(error.message).toMatch(/inflates more than 200:1/);
    // A real capture compresses far less: accepted.
    const capture = gzipSync(Buffer.concat(Array.from({ length: 1400 }, () => sample)));
    expect((await importCapture(upload(capture), deps())).invalid).toBe(0);
  });

  it('item 1: the compressed size is limited too', async () => {
    const error = await appErrorOf(importCapture(upload(Buffer.alloc(2 * MiB, 0x61)), { ...deps(), maxBytes: MiB }));
    expect(error.status).toBe(413);
  });

  it('item 12: stops after a bounded number of bad lines with a clear error', async () => {
    const garbage = Buffer.from('not a flow\n'.repeat(50_000));
    const d = deps();
    const summary = await importCapture(upload(garbage), { ...d, maxInvalid: 1000 });
    expect(summary.lines).toBe(1000);
    expect(summary.invalid).toBe(1000);
    expect(summary.fatal).toMatch(/1000 bad lines/);
    expect(d.metrics.get('lockstep_capture_lines_total', { result: 'invalid' })).toBe(1000);
  });
});
