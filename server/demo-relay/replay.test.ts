import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { observerServiceDefinition } from '../hubble/proto';
import { toRelayEvent } from '../hubble/to-flow';
import { newCaptureStats, parseCaptureLine, parseRfc3339, readCapture, type WireObject } from './replay';
import { shiftResponse, startReplaySource } from './replay-source';

// Wire objects in tests are read loosely; the translator under test does the typing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Wire = Record<string, any>;

const TESTDATA = path.join(__dirname, 'testdata');
const FIXTURES = fs.readdirSync(TESTDATA).filter((f) => /\.jsonl?$/.test(f));
const serialize = observerServiceDefinition().GetFlows.responseSerialize as (v: object) => Buffer;
const validate = (r: WireObject) => void serialize(r);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-replay-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function readAll(file: string) {
  const stats = newCaptureStats();
  const responses: WireObject[] = [];
  for await (const r of readCapture(file, stats, validate)) responses.push(r);
  return { stats, responses };
}

describe('replay: real captures', () => {
  it.each(FIXTURES)('reads every line of %s into encodable responses', async (name) => {
    const file = path.join(TESTDATA, name);
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const { stats, responses } = await readAll(file);
    expect(stats).toMatchObject({ lines: lines.length, responses: lines.length, bad: 0 });
    lines.forEach((line, i) => {
      // Lockstep's translator must read the converted object exactly as it reads the jsonpb line.
      expect(toRelayEvent(responses[i])).toEqual(toRelayEvent(JSON.parse(line)));
    });
  });

  it('converts timestamps, wrappers and 64-bit strings to the gRPC shape', async () => {
    const { responses } = await readAll(path.join(TESTDATA, 'hubble-otel_basic-sample-400-udp-flows.json'));
    const first = responses[0];
    expect(first.time).toEqual({ seconds: 1636540856, nanos: 871850100 });
    expect((first.flow as WireObject).time).toEqual({ seconds: 1636540856, nanos: 871850100 });
    expect((first.flow as WireObject).is_reply).toEqual({ value: false });
    const line = '{"flow":{"time":"2021-10-04T14:28:38.735173594Z","l7":{"type":"RESPONSE","latency_ns":"999958359"},"egress_allowed_by":[{"name":"p","revision":"12"}],"socket_cookie":"18446744","is_reply":true},"node_name":"n"}';
    const parsed = parseCaptureLine(line, 1, validate);
    expect(parsed).toMatchObject({ kind: 'response', response: { flow: { l7: { latency_ns: 999958359 }, egress_allowed_by: [{ revision: 12 }], socket_cookie: 18446744, is_reply: { value: true } } } });
    expect(parsed.kind === 'response' && parsed.response.time).toEqual({ seconds: 1633357718, nanos: 735173594 });
    const decoded = toRelayEvent(observerServiceDefinition().GetFlows.responseDeserialize(serialize(first)));
    expect(decoded.kind === 'flow' && [decoded.flow.time, decoded.flow.timeNanos]).toEqual([1636540856871, 850100]);
    expect(decoded.kind === 'flow' && decoded.flow.verdict).toBe('REDIRECTED');
  });

  it('parses RFC 3339 with nanoseconds and offsets', () => {
    expect(parseRfc3339('2021-06-16T16:52:13.136834446Z')).toEqual({ seconds: 1623862333, nanos: 136834446 });
    expect(parseRfc3339('2021-06-16T18:52:13.5+02:00')).toEqual({ seconds: 1623862333, nanos: 500000000 });
    expect(() => parseRfc3339('yesterday')).toThrow();
  });

  it('reads gzip captures detected by their magic bytes', async () => {
    const source = path.join(TESTDATA, 'hubble-otel_basic-sample-10-flows.json');
    const gz = path.join(tmp, 'capture.json.log');
    fs.writeFileSync(gz, gzipSync(fs.readFileSync(source)));
    expect((await readAll(gz)).responses).toEqual((await readAll(source)).responses);
  });
});

describe('replay: damaged input', () => {
  it('counts and skips bad lines with their line numbers', async () => {
    const good = fs.readFileSync(path.join(TESTDATA, 'hubble-otel_basic-sample-10-flows.json'), 'utf8').split('\n');
    const file = path.join(tmp, 'damaged.json');
    fs.writeFileSync(file, [good[0], 'not json', '', good[1].slice(0, 200), '{"flow":{"IP":"10.0.0.1"}}', '{"agent_event":{"type":"AGENT_STARTED"}}', '{"unknown":1}', '[1,2]', good[2]].join('\n'));
    const { stats, responses } = await readAll(file);
    expect(responses).toHaveLength(2);
    expect(stats).toMatchObject({ lines: 8, responses: 2, ignored: 1, bad: 5 });
    expect(stats.badLines.map((b) => b.lineNumber)).toEqual([2, 4, 5, 7, 8]);
    expect(stats.badLines[0].reason).toMatch(/JSON/);
  });

  it('survives a truncated gzip stream', async () => {
    const compressed = gzipSync(fs.readFileSync(path.join(TESTDATA, 'hubble-otel_basic-sample-400-udp-flows.json')));
    const file = path.join(tmp, 'truncated.gz');
    fs.writeFileSync(file, compressed.subarray(0, Math.floor(compressed.length / 2)));
    const { stats, responses } = await readAll(file);
    expect(responses.length).toBeGreaterThan(50);
    expect(responses.length).toBeLessThan(400);
    expect(stats.bad).toBeGreaterThanOrEqual(1);
    expect(stats.badLines.at(-1)!.reason).toMatch(/unreadable|JSON|Unexpected/);
  });

  it('never throws from parseCaptureLine', () => {
    for (const line of ['', '{', 'null', '"x"', '{"flow":{"time":"nope"}}', '{"lost_events":{"num_events_lost":"x"}}']) {
      expect(parseCaptureLine(line, 1, validate).kind).toBe('bad');
    }
    expect(parseCaptureLine('{"lost_events":{"source":"PERF_EVENT_RING_BUFFER","num_events_lost":"3","cpu":1},"time":"2023-01-01T00:00:00Z"}', 1, validate)).toMatchObject({
      kind: 'response',
      response: { lost_events: { num_events_lost: 3, cpu: { value: 1 } } },
    });
  });
});

describe('replay: playback', () => {
  it('shifts timestamps to the play time and renames flows on later passes', () => {
    const response = { flow: { uuid: 'u-1', time: { seconds: 100, nanos: 123456789 } }, time: { seconds: 100, nanos: 123456789 } };
    const shifted = shiftResponse(response, 5_000_000_000, 0) as Wire;
    expect(shifted.time).toEqual({ seconds: 5000, nanos: 789 });
    expect(shifted.flow.time).toEqual(shifted.time);
    expect(shifted.flow.uuid).toBe('u-1');
    expect((shiftResponse(response, 5_000_000_000, 1) as Wire).flow.uuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('plays a capture now, looping with fresh uuids', async () => {
    const emitted: WireObject[] = [];
    const source = startReplaySource({ files: [path.join(TESTDATA, 'hubble-otel_basic-sample-400-icmpv4-flows.json')], speed: 1000, maxGapMs: 50 }, (r) => emitted.push(r.response()));
    while (source.passes < 2) await new Promise((r) => setTimeout(r, 10));
    source.stop();
    await source.done;
    expect(emitted.length).toBeGreaterThanOrEqual(36);
    const seconds = (emitted[0].time as { seconds: number }).seconds;
    expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(5);
    const times = emitted.map((r) => (r.time as { seconds: number; nanos: number }).seconds * 1e9 + (r.time as { nanos: number }).nanos);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1] - 1000);
  });

  it('stamps a flow with the moment it is played when the replay fell behind its schedule', async () => {
    const emitted: WireObject[] = [];
    // Each look at the clock is a second later: the replay is always late, by more and more.
    let clock = Date.UTC(2026, 11, 1);
    const source = startReplaySource({ files: [path.join(TESTDATA, 'hubble-otel_basic-sample-400-icmpv4-flows.json')], loop: false, now: () => (clock += 1000) }, (r) => emitted.push(r.response()));
    await source.done;
    const ms = emitted.map((r) => (r.time as { seconds: number }).seconds * 1000);
    expect(ms.length).toBeGreaterThan(2);
    for (let i = 1; i < ms.length; i++) expect(ms[i] - ms[i - 1]).toBeGreaterThanOrEqual(1000);
    expect(ms.at(-1)).toBeGreaterThan(clock - 2000);
    // It says how much of its schedule it gave up: each flow is due a capture gap after the last, and plays a second later.
    expect(source.slippedMs).toBeGreaterThan(1000 * (ms.length - 2));
  });

  it('plays once without looping and keeps original times when asked', async () => {
    const emitted: WireObject[] = [];
    const source = startReplaySource({ files: [path.join(TESTDATA, 'cilium-docs_hubble-export_fieldmask-dropped.jsonl')], loop: false, shiftTimes: false, speed: 1e6 }, (r) => emitted.push(r.response()));
    await source.done;
    expect(emitted).toHaveLength(2);
    expect((emitted[1].flow as Wire).drop_reason_desc).toBe('POLICY_DENIED');
    expect(emitted[0].time).toEqual({ seconds: 1692619933, nanos: 517394084 });
  });
});
