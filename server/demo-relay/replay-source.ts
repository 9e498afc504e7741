import { hashString, uuidFromWords } from './prng';
import { newCaptureStats, readCapture, type CaptureStats, type ResponseValidator, type WireObject } from './replay';

/**
 * Plays captures into the demo relay in real time: flows keep their original spacing (gaps capped, optionally
 * sped up), and with `shiftTimes` each flow's timestamps are rewritten to the moment it is played, so a capture
 * from 2021 appears as live traffic. With `loop` the files play again and again; on every pass after the first,
 * shifted flows get fresh uuids derived from the original (consumers dedupe on uuid).
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
  /** Rejects lines that would not encode (default: none). */
  validate?: ResponseValidator;
  /** Wall clock in ms. Default: Date.now. */
  now?: () => number;
}

/** A running replay. */
export interface ReplaySource {
  readonly stats: CaptureStats;
  /** Completed passes over the file list. */
  readonly passes: number;
  /** Resolves when playback ends (not looping, or stopped). */
  readonly done: Promise<void>;
  stop(): void;
}

type Obj = Record<string, unknown>;

/** Starts playing captures; `emit` receives each GetFlowsResponse object at its play time. */
export function startReplaySource(options: ReplaySourceOptions, emit: (response: WireObject) => void): ReplaySource {
  const stats = newCaptureStats();
  const now = options.now ?? Date.now;
  const speed = options.speed ?? 1;
  const maxGapUs = (options.maxGapMs ?? 2000) * 1000;
  let stopped = false;
  let wake: (() => void) | undefined;
  let passes = 0;
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });

  const run = async () => {
    let playUs = now() * 1000;
    let previousUs: number | undefined;
    do {
      let played = 0;
      for (const file of options.files) {
        for await (const response of readCapture(file, stats, options.validate)) {
          if (stopped) return;
          const originalUs = responseTimeUs(response);
          if (originalUs !== undefined && previousUs !== undefined) playUs += Math.min(Math.max(0, originalUs - previousUs), maxGapUs) / speed;
          if (originalUs !== undefined) previousUs = originalUs;
          const waitMs = playUs / 1000 - now();
          if (waitMs > 1) await sleep(waitMs);
          if (stopped) return;
          // A replay that fell behind (a busy machine) stamps the moment it really plays the flow, not the one it
          // was due at: the flow's time is its time at the relay (bench:map measures from it).
          emit(options.shiftTimes === false ? response : shiftResponse(response, Math.max(playUs, now() * 1000), passes));
          played++;
        }
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
    done,
    stop() {
      stopped = true;
      wake?.();
    },
  };
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
  const shift = (t: unknown) => {
    const ts = t as { seconds: number; nanos?: number };
    const us = ts.seconds * 1e6 + Math.floor((ts.nanos ?? 0) / 1000) + delta;
    const seconds = Math.floor(us / 1e6);
    return { seconds, nanos: (us - seconds * 1e6) * 1000 + ((ts.nanos ?? 0) % 1000) };
  };
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
