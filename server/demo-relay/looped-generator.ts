import { createPrng } from './prng';
import type { GeneratedFlow } from './flow-template';
import type { FlowGenerator } from './homelab-generator';

/**
 * A generator for benchmarks: it records one cycle of a source generator's flows once, then replays that cycle
 * forever, shifting times by the cycle's span on every lap and giving each flow a fresh uuid and shifted
 * ephemeral ports. The mix of flows stays the homelab's, but producing a flow costs a few field copies instead of
 * planning connections, which keeps the max-speed mode bound by the transport rather than by generation.
 */

/** Options of {@link createLoopedGenerator}. */
export interface LoopedGeneratorOptions {
  /** Flows in the recorded cycle. Default: 16384. */
  cycleLength?: number;
  /** Seed of the uuid sequence. Default: 1. */
  seed?: number;
}

const EPHEMERAL_FIRST = 32768;
const EPHEMERAL_COUNT = 60999 - 32768 + 1;

/** Wraps `source` (whose next `cycleLength` flows form the cycle). */
export function createLoopedGenerator(source: FlowGenerator, options: LoopedGeneratorOptions = {}): FlowGenerator {
  const cycle = source.take(Math.max(1, options.cycleLength ?? 16_384));
  const firstUs = cycle[0].timeUs;
  // The span between laps: the cycle's duration plus one mean gap, so lap boundaries keep the average rate.
  const spanUs = Math.max(1, cycle[cycle.length - 1].timeUs - firstUs + Math.round(1e6 / source.rate));
  const rand = createPrng(options.seed ?? 1);
  let index = 0;
  let lap = 0;
  let produced = 0;

  const next = (): GeneratedFlow => {
    const base = cycle[index];
    const portShift = (lap * 7919) % EPHEMERAL_COUNT;
    const shiftPort = (port: number) => (port >= EPHEMERAL_FIRST ? EPHEMERAL_FIRST + ((port - EPHEMERAL_FIRST + portShift) % EPHEMERAL_COUNT) : port);
    const flow: GeneratedFlow = {
      template: base.template,
      timeUs: base.timeUs + lap * spanUs,
      subMicroNanos: base.subMicroNanos,
      uuid: rand.uuid(),
      clientPort: shiftPort(base.clientPort),
      serverPort: base.serverPort,
    };
    produced++;
    if (++index === cycle.length) {
      index = 0;
      lap++;
    }
    return flow;
  };

  const peekTimeUs = () => cycle[index].timeUs + lap * spanUs;
  return {
    model: source.model,
    get rate() {
      return source.rate;
    },
    get produced() {
      return produced;
    },
    setRate: () => {
      throw new Error('a looped generator replays a recorded cycle; its rate is fixed');
    },
    peekTimeUs,
    next,
    take: (count) => Array.from({ length: count }, next),
    takeUntil: (timeMs, max = Infinity) => {
      const out: GeneratedFlow[] = [];
      while (out.length < max && peekTimeUs() <= timeMs * 1000) out.push(next());
      return out;
    },
  };
}
