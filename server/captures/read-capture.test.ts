import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readCapture } from './read-capture';

const testdata = path.join(__dirname, 'testdata');
const read = (name: string) => fs.readFileSync(path.join(testdata, name));

describe('readCapture', () => {
  it('reads a real `hubble observe -o json` capture with every flow translated', async () => {
    const r = await readCapture(read('hubble-otel_basic-sample-10-flows.json'));
    expect(r.flowCount).toBe(10);
    expect(r.invalid).toBe(0);
    const first = r.flows[0];
    expect(first.source.podName).toBe('reviews-v1-545db77b95-s6jb8');
    expect(first.source.namespace).toBe('bookinfo');
    expect(first.destination.labels).toEqual(['reserved:host']);
    expect(first.l4).toEqual({ protocol: 'TCP', sourcePort: 15020, destinationPort: 42044, flags: ['FIN', 'ACK'] });
    expect(first.isReply).toBe(true);
    expect(first.time).toBe(Date.parse('2021-06-16T16:52:13.136Z'));
    expect(first.timeNanos).toBe(834446);
    // The 2021 captures have no uuid: one is derived, stable across reads.
    const again = await readCapture(read('hubble-otel_basic-sample-10-flows.json'));
    expect(again.flows.map((f) => f.uuid)).toEqual(r.flows.map((f) => f.uuid));
    expect(new Set(r.flows.map((f) => f.uuid)).size).toBe(10);
  });

  it('reads field-masked exporter lines, which omit most fields', async () => {
    const r = await readCapture(read('cilium-docs_hubble-export_fieldmask-dropped.jsonl'));
    expect(r.flowCount).toBe(2);
    const drop = r.flows[1];
    expect(drop.verdict).toBe('DROPPED');
    expect(drop.dropReason).toBe('POLICY_DENIED');
    expect(drop.source.podName).toBe('xwing');
    expect(drop.eventType).toBe(0);
    expect(drop.isReply).toBe(undefined);
  });

  it('reads DNS L7 flows with their query and answers', async () => {
    const r = await readCapture(read('hubble-otel_basic-sample-330-dns-flows.json'));
    expect(r.flowCount).toBe(330);
    const withAnswer = r.flows.find((f) => f.l7?.dns?.ips.length);
    expect(withAnswer?.l7?.dns?.query).toMatch(/\.$/);
    expect(withAnswer?.type).toBe('L7');
  });

  it('reads gzip by its magic bytes', async () => {
    const r = await readCapture(gzipSync(read('hubble-otel_basic-sample-10-flows.json')));
    expect(r.gzip).toBe(true);
    expect(r.flowCount).toBe(10);
  });

  it('reports corrupt lines by number and keeps every good line', async () => {
    const good = read('hubble-otel_basic-sample-10-flows.json').toString().split('\n').filter(Boolean);
    const text = [good[0], '{"flow":{"time":', 'garbage', '[1,2]', '{"flow":{"time":"yesterday"}}', '{"flow":{"l4":{"TCP":{"destination_port":"eighty"}}}}', good[1]].join('\n');
    const r = await readCapture(Buffer.from(text));
    expect(r.flowCount).toBe(2);
    expect(r.invalid).toBe(5);
    expect(r.problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6]);
    expect(r.problems[3].reason).toMatch(/invalid timestamp/);
    expect(r.problems[4].reason).toMatch(/expected a number/);
  });

  it('keeps what was read from a truncated gzip file and says where it stopped', async () => {
    const gz = gzipSync(read('hubble-otel_basic-sample-330-dns-flows.json'));
    const r = await readCapture(gz.subarray(0, Math.floor(gz.length / 2)));
    expect(r.fatal).toMatch(/truncated/);
    expect(r.flowCount).toBeGreaterThan(10);
    expect(r.flowCount).toBeLessThan(330);
  });

  it('handles an empty capture', async () => {
    const r = await readCapture(Buffer.alloc(0));
    expect(r).toMatchObject({ flowCount: 0, invalid: 0, fatal: undefined });
  });
});
