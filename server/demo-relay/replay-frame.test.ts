import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { observerServiceDefinition } from '../hubble/proto';
import { toRelayEvent } from '../hubble/to-flow';
import { newCaptureStats, readCapture, type WireObject } from './replay';
import { encodeReplayFrame, patchReplayFrame } from './replay-frame';
import { shiftResponse, startReplaySource, type PlayedResponse } from './replay-source';

const TESTDATA = path.join(__dirname, 'testdata');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-replay-frame-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
// The fixtures predate Hubble's flow uuids: one of them again with a uuid on every flow.
const WITH_UUIDS = path.join(tmp, 'udp-flows-with-uuids.json');
fs.writeFileSync(WITH_UUIDS, fs.readFileSync(path.join(TESTDATA, 'hubble-otel_basic-sample-400-udp-flows.json'), 'utf8').split('\n').filter((l) => l.trim()).map((l, i) => {
  const json = JSON.parse(l);
  json.flow.uuid = `6a1c3d2e-0b4f-4c1a-9e5d-${String(i).padStart(12, '0')}`;
  return JSON.stringify(json);
}).join('\n'));
const FIXTURES = [...fs.readdirSync(TESTDATA).filter((f) => /\.jsonl?$/.test(f)).map((f) => path.join(TESTDATA, f)), WITH_UUIDS];
const definition = observerServiceDefinition().GetFlows;
const serialize = definition.responseSerialize as (v: object) => Buffer;
const decode = (bytes: Buffer) => definition.responseDeserialize(bytes) as WireObject;

async function responses(file: string): Promise<WireObject[]> {
  const out: WireObject[] = [];
  for await (const r of readCapture(file, newCaptureStats())) out.push(r);
  return out;
}

describe('replay frames: a capture line encoded once, played many times', () => {
  it.each(FIXTURES.map((f) => [path.basename(f), f]))('patched in place, every line of %s decodes as the shifted response encoded anew', async (_name, file) => {
    const all = await responses(file);
    expect(all.length).toBeGreaterThan(0);
    // A flow played now on the first pass, and one played later (a new uuid) on the third.
    for (const [playUs, pass] of [[Date.UTC(2026, 11, 7, 14) * 1000 + 123_456, 0], [Date.UTC(2027, 0, 1) * 1000 + 999_999, 2]]) {
      for (const response of all) {
        const frame = encodeReplayFrame(response, serialize)!;
        const shifted = shiftResponse(response, playUs, pass);
        const flow = shifted.flow as WireObject | undefined;
        const bytes = patchReplayFrame(frame, shifted.time as never, flow?.time as never, pass > 0 ? (flow?.uuid as string) : undefined);
        expect(bytes).toBeDefined();
        expect(decode(bytes!)).toEqual(decode(serialize(shifted)));
      }
    }
  });

  it('encodes the line once as its check: a line that does not encode throws', () => {
    expect(() => encodeReplayFrame({ flow: { source: 'not an endpoint' } }, serialize)).toThrow();
  });

  it('refuses values that do not fit in place, and never changes the frame itself', () => {
    const response = { flow: { uuid: 'short', time: { seconds: 100, nanos: 5 } }, time: { seconds: 100, nanos: 5 } };
    const frame = encodeReplayFrame(response, serialize)!;
    const before = Buffer.from(frame.bytes);
    const t = { seconds: 200, nanos: 7 };
    expect(patchReplayFrame(frame, t, t, '00000000-0000-4000-8000-000000000000')).toBeUndefined(); // uuid of another length
    expect(patchReplayFrame(frame, { seconds: 2 ** 35, nanos: 0 }, t)).toBeUndefined();
    expect(patchReplayFrame(frame, { seconds: -1, nanos: 0 }, t)).toBeUndefined();
    expect(patchReplayFrame(frame, undefined, t)).toBeUndefined(); // the frame has a response time
    const played = patchReplayFrame(frame, t, t, 'other');
    expect(decode(played!)).toEqual(decode(serialize({ flow: { uuid: 'other', time: t }, time: t })));
    expect(frame.bytes).toEqual(before);
  });

  it('finds the fields of responses without a flow or without times', () => {
    const lost = { lost_events: { source: 'PERF_EVENT_RING_BUFFER', num_events_lost: 3 }, time: { seconds: 5, nanos: 0 } };
    const frame = encodeReplayFrame(lost, serialize)!;
    expect(frame).toMatchObject({ flowTimeAt: -1, uuidAt: -1 });
    expect(decode(patchReplayFrame(frame, { seconds: 1_800_000_000, nanos: 0 }, undefined)!)).toEqual(decode(serialize({ ...lost, time: { seconds: 1_800_000_000, nanos: 0 } })));
    const timeless = { flow: { uuid: 'u', verdict: 'DROPPED' }, node_name: 'n' };
    expect(encodeReplayFrame(timeless, serialize)).toMatchObject({ responseTimeAt: -1, flowTimeAt: -1, uuidLength: 1 });
  });
});

describe('replay with an encoder: played bytes', () => {
  async function play(file: string, passes: number, cacheChars?: number): Promise<{ played: PlayedResponse[]; encodes: number; lines: number }> {
    const played: PlayedResponse[] = [];
    let encodes = 0;
    const source = startReplaySource({ files: [file], speed: 1e6, maxGapMs: 1, encode: (r) => (encodes++, serialize(r)), cacheChars }, (p) => played.push(p));
    while (source.passes < passes) await new Promise((r) => setTimeout(r, 5));
    source.stop();
    await source.done;
    return { played, encodes, lines: source.stats.lines };
  }

  it.each([['read on every pass', undefined], ['kept after the first pass', 1e6]])('are the played response encoded, over several passes (times now, new uuids), as Lockstep reads them: %s', async (_how, cacheChars) => {
    const { played, encodes, lines } = await play(WITH_UUIDS, 3, cacheChars);
    expect(played.length).toBeGreaterThanOrEqual(1200);
    // One encode per line read (its check), none per play: each play is the line's frame patched.
    if (cacheChars === undefined) expect(lines - played.length).toBeLessThanOrEqual(1);
    else expect(lines).toBe(400);
    expect(encodes).toBe(lines);
    const uuids = new Set<string>();
    for (const p of played) {
      expect(decode(p.bytes!)).toEqual(decode(serialize(p.response())));
      const event = toRelayEvent(decode(p.bytes!));
      expect(event.kind).toBe('flow');
      if (event.kind !== 'flow') continue;
      expect(event.flow.time).toBe(Math.floor(p.timeUs! / 1000));
      expect(Math.abs(event.flow.time - Date.now())).toBeLessThan(60_000);
      uuids.add(event.flow.uuid);
    }
    expect(uuids.size).toBe(played.length);
  });
});
