import { hashString, uuidFromWords } from './prng';
import { newCaptureStats, readCaptureLines, type CaptureEntry, type CaptureStats, type WireObject } from './replay';
import { encodeReplayFrame, patchReplayFrame, type ReplayFrame, type Timestamp } from './replay-frame';

/**
 * Plays captures into the demo relay in real time: flows keep their original spacing (gaps capped, optionally
 * sped up), and with `shiftTimes` each flow's timestamps are rewritten to the moment it is played, so a capture
 * from 2021 appears as live traffic. With `loop` the files play again and again; on every pass after the first,
 * shifted flows get fresh uuids derived from the original (consumers dedupe on uuid). With an `encode`, each line
 * is encoded once, when it is read (which checks it), and played as those bytes with its times and uuid
 * rewritten in place (replay-frame.ts): the shifted object is built only for those who ask for it (filters,
 * field masks).
 */

/** Options of {@link startReplaySource}. */
export interface ReplaySourceOptions {
  /** Capture files (jsonpb / exporter lines, optionally gzip), played one after the other. */
  files: string[];
  /** Play the files again after the last one. Default: true. */
  loop?: boolean;
  /** Rewrite timestamps to the play time. Default: true. */
  shiftTimes?: boolean;
  /** Playback speed factor. Default: 1. */
  speed?: number;
  /** Longest pause between two flows, in ms of capture time. Default: 2000. */
  maxGapMs?: number;
  /**
   * Encodes a GetFlowsResponse, throwing for one that does not encode (e.g. the service's responseSerialize): such
   * lines are skipped as bad, and played responses come with their bytes. Default: none (no check, no bytes).
   */
  encode?: (response: WireObject) => Buffer;
  /** Wall clock in ms. Default: Date.now. */
  now?: () => number;
  /**
   * Keeps the lines of the first pass in memory when the captures hold at most this many characters: later passes
   * then neither read, parse nor encode them (a file changed on disk is not read again). Memory: about 5 times the
   * capture's size (109 MB: 620 MB peak RSS). Default: 0, the files are read on every pass (`lockstep demo-relay`,
   * in its own process, keeps up to {@link REPLAY_CACHE_CHARS}).
   */
  cacheChars?: number;
}

/** A running replay. */
export interface ReplaySource {
  readonly stats: CaptureStats;
  /** Completed passes over the file list. */
  readonly passes: number;
  /**
   * Schedule time given up so far, in ms: a replay more than {@link MAX_LATE_MS} behind its schedule (a busy
   * machine) goes on at its pace from the moment it plays, as a relay after a stall, instead of rushing through
   * the flows it missed (which offered a client several times the capture's rate after each stall).
   */
  readonly slippedMs: number;
  /** Resolves when playback ends (not looping, or stopped). */
  readonly done: Promise<void>;
  stop(): void;
}

type Obj = Record<string, unknown>;

/** One response as the replay plays it. */
export interface PlayedResponse {
  /** The response as read from the capture (the same node, endpoints and verdict as played). */
  readonly original: WireObject;
  /** Its time as played, in µs since the epoch (undefined: it has none). */
  readonly timeUs: number | undefined;
  /** The GetFlowsResponse object as played (times shifted, a new uuid after the first pass); built on first call. */
  response(): WireObject;
  /** The played response encoded, when the replay has an `encode` (the same message as `response()` encoded). */
  readonly bytes: Buffer | undefined;
}

/** The `cacheChars` of `lockstep demo-relay`: captures up to 128 MB of text play from memory after their first pass. */
export const REPLAY_CACHE_CHARS = 128e6;

/**
 * How far behind its schedule a replay may fall before it gives up the missed time (see `slippedMs`); less is
 * caught up, at most this many ms of flows played at once (fewer than a follow stream's 4,095-flow buffer at
 * 10,000 flows/s).
 */
export const MAX_LATE_MS = 500;

/** Responses played at most between two turns of the event loop. */
const PLAYS_PER_TURN = 64;

/** Starts playing captures; `emit` receives each GetFlowsResponse at its play time. */
export function startReplaySource(options: ReplaySourceOptions, emit: (played: PlayedResponse) => void): ReplaySource {
  const stats = newCaptureStats();
  const now = options.now ?? Date.now;
  const speed = options.speed ?? 1;
  const maxGapUs = (options.maxGapMs ?? 2000) * 1000;
  let stopped = false;
  let wake: (() => void) | undefined;
  let passes = 0;
  let slippedUs = 0;
  const shiftTimes = options.shiftTimes !== false;
  const encode = options.encode;
  // The check of a line is its encoding: with shifted times, one whose times and uuid can be patched in place (null:
  // checked, but each play is encoded from the shifted object).
  const check: ((r: WireObject) => Buffer | ReplayFrame | null) | undefined = encode && (shiftTimes ? (r) => encodeReplayFrame(r, encode) ?? null : encode);
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });

  const cacheChars = options.loop === false ? 0 : (options.cacheChars ?? 0);
  let cached: CaptureEntry<Buffer | ReplayFrame | null>[] | undefined;
  /** One pass over the files: read (and kept, within `cacheChars`), or from what the first pass kept. */
  async function* pass(): AsyncGenerator<CaptureEntry<Buffer | ReplayFrame | null>> {
    if (cached) {
      yield* cached;
      return;
    }
    let keep: CaptureEntry<Buffer | ReplayFrame | null>[] | undefined = cacheChars > 0 ? [] : undefined;
    let chars = 0;
    for (const file of options.files) {
      for await (const entry of readCaptureLines(file, stats, check)) {
        if (keep && (chars += entry.chars) <= cacheChars) keep.push(entry);
        else keep = undefined;
        yield entry;
      }
    }
    if (keep && !stopped) cached = keep;
  }

  const run = async () => {
    let playUs = now() * 1000;
    let previousUs: number | undefined;
    let playedSinceTurn = 0;
    do {
      let played = 0;
      for await (const { response, checked } of pass()) {
        if (stopped) return;
        const originalUs = responseTimeUs(response);
        if (originalUs !== undefined && previousUs !== undefined) playUs += Math.min(Math.max(0, originalUs - previousUs), maxGapUs) / speed;
        if (originalUs !== undefined) previousUs = originalUs;
        const waitMs = playUs / 1000 - now();
        if (waitMs > 1) {
          await sleep(waitMs);
          playedSinceTurn = 0;
        } else if (++playedSinceTurn >= PLAYS_PER_TURN) {
          // Behind its schedule (or a dense capture), kept lines play without I/O: let the streams write.
          await new Promise(setImmediate);
          playedSinceTurn = 0;
        }
        if (stopped) return;
        const lateUs = now() * 1000 - playUs;
        if (lateUs > MAX_LATE_MS * 1000) {
          slippedUs += lateUs;
          playUs += lateUs;
        }
        // A replay that fell behind (a busy machine) stamps the moment it really plays the flow, not the one it
        // was due at: the flow's time is its time at the relay (bench:map measures from it).
        emit(shiftTimes ? playShifted(response, checked, Math.max(playUs, now() * 1000), passes, encode) : playAsIs(response, checked));
        played++;
      }
      passes++;
      previousUs = undefined;
      if (played === 0) return; // nothing playable: do not spin
    } while (options.loop !== false && !stopped);
  };
  const done = run();
  return {
    stats,
    get passes() {
      return passes;
    },
    get slippedMs() {
      return slippedUs / 1000;
    },
    done,
    stop() {
      stopped = true;
      wake?.();
    },
  };
}

function playAsIs(response: WireObject, bytes: Buffer | ReplayFrame | null | undefined): PlayedResponse {
  return { original: response, timeUs: responseTimeUs(response), response: () => response, bytes: Buffer.isBuffer(bytes) ? bytes : undefined };
}

/** The response played at `playUs` on pass `pass`: as {@link shiftResponse} makes it, the frame patched to match. */
function playShifted(original: WireObject, frame: Buffer | ReplayFrame | null | undefined, playUs: number, pass: number, encode?: (response: WireObject) => Buffer): PlayedResponse {
  let shifted: WireObject | undefined;
  const response = () => (shifted ??= shiftResponse(original, playUs, pass));
  const originalUs = responseTimeUs(original);
  let bytes: Buffer | undefined;
  if (frame && !Buffer.isBuffer(frame)) {
    if (originalUs === undefined) bytes = frame.bytes; // nothing to shift, as shiftResponse leaves it
    else {
      const delta = Math.round(playUs) - originalUs;
      const flow = original.flow as Obj | undefined;
      const uuid = pass > 0 && typeof flow?.uuid === 'string' ? loopUuid(flow.uuid, pass) : undefined;
      const time = (t: unknown) => (t ? shiftTimestamp(t as Timestamp, delta) : undefined);
      bytes = patchReplayFrame(frame, time(original.time), time(flow?.time), uuid);
    }
  }
  if (!bytes && encode) bytes = encode(response());
  return { original, timeUs: originalUs === undefined ? undefined : Math.round(playUs), response, bytes };
}

/** A timestamp moved by `deltaUs` (its sub-µs digits kept). */
function shiftTimestamp(ts: Timestamp, deltaUs: number): { seconds: number; nanos: number } {
  const us = ts.seconds * 1e6 + Math.floor((ts.nanos ?? 0) / 1000) + deltaUs;
  const seconds = Math.floor(us / 1e6);
  return { seconds, nanos: (us - seconds * 1e6) * 1000 + ((ts.nanos ?? 0) % 1000) };
}

/** The time of a response (its own `time`, else the flow's), in µs since the epoch. */
export function responseTimeUs(response: WireObject): number | undefined {
  const t = (response.time ?? (response.flow as Obj | undefined)?.time) as { seconds?: number; nanos?: number } | undefined;
  if (!t || typeof t.seconds !== 'number') return undefined;
  return t.seconds * 1e6 + Math.floor((t.nanos ?? 0) / 1000);
}

/** Returns a copy of `response` whose timestamps read `playUs` (sub-µs digits kept); new uuids after pass 0. */
export function shiftResponse(response: WireObject, playUs: number, pass: number): WireObject {
  const originalUs = responseTimeUs(response);
  if (originalUs === undefined) return response;
  const delta = Math.round(playUs) - originalUs;
  const shift = (t: unknown) => shiftTimestamp(t as Timestamp, delta);
  const out: Obj = { ...response };
  if (response.time) out.time = shift(response.time);
  const flow = response.flow as Obj | undefined;
  if (flow) {
    const shifted: Obj = { ...flow };
    if (flow.time) shifted.time = shift(flow.time);
    if (pass > 0 && typeof flow.uuid === 'string') shifted.uuid = loopUuid(flow.uuid, pass);
    out.flow = shifted;
  }
  return out;
}

function loopUuid(uuid: string, pass: number): string {
  const key = `${uuid}#${pass}`;
  return uuidFromWords(hashString(`a${key}`), hashString(`b${key}`), hashString(`c${key}`), hashString(`d${key}`));
}
