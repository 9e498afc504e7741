/**
 * Fixture builders for triage tests: the traffic shapes of triage.md, as flows. Times are fixed offsets from
 * {@link FIXED_TIME}; jitter comes from a tiny deterministic generator, never Math.random.
 */
import type { Flow } from '../flow/flow';
import { FIXED_TIME, flowBetween, type FlowBetweenOptions } from './flow-builders';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Deterministic jitter in [-1, 1). */
function jitter(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
}

/** Options shared by the builders. */
export interface ShapeOptions {
  /** Offset of the first connection from {@link FIXED_TIME}. Default: 0. */
  startMs?: number;
  count?: number;
  /** Extra flow options (ports, labels...). */
  flow?: FlowBetweenOptions;
}

/** Connections at a fixed interval with ±`jitterPct` % jitter: a beacon (or a scrape). */
export function periodicFlows(from: string, to: string, intervalMs: number, jitterPct: number, options: ShapeOptions = {}): Flow[] {
  const next = jitter(7);
  const count = options.count ?? 24;
  return Array.from({ length: count }, (_, i) => {
    const at = (options.startMs ?? 0) + i * intervalMs + next() * intervalMs * (jitterPct / 100);
    return flowBetween(from, to, { ...options.flow, at: Math.round(at) });
  });
}

/** Connections at irregular (exponential) intervals averaging `meanMs`: ordinary traffic. */
export function irregularFlows(from: string, to: string, meanMs: number, options: ShapeOptions = {}): Flow[] {
  const next = jitter(11);
  let at = options.startMs ?? 0;
  return Array.from({ length: options.count ?? 24 }, () => {
    at += Math.round(-Math.log(1 - (next() + 1) / 2.0001) * meanMs);
    return flowBetween(from, to, { ...options.flow, at });
  });
}

/** Egress from `from` to a world address without a DNS name. */
export function worldEgress(port: number, ip: string, extra: FlowBetweenOptions = {}): FlowBetweenOptions {
  return { direction: 'EGRESS', port, destinationIp: ip, ...extra };
}

/** A bare pod's endpoint options (`kubectl run`: only `run=<name>`, no controller). */
export function barePod(name: string): NonNullable<FlowBetweenOptions['source']> {
  return { labels: { run: name }, podName: name };
}

/** Removes the owning controller from the source of each flow (a bare pod). */
export function withoutController(flows: Flow[]): Flow[] {
  return flows.map((f) => ({ ...f, source: { ...f.source, workloads: [] } }));
}

/** The same flows `hours` later. */
export function shifted(flows: Flow[], hours: number): Flow[] {
  return flows.map((f) => ({ ...f, time: f.time + hours * HOUR }));
}

export { FIXED_TIME, HOUR, MINUTE };
