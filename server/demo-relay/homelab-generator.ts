import { createPrng, type Prng } from './prng';
import { homelabScenario } from './homelab-scenario';
import { resolveScenario, type ResolvedConnection, type ScenarioModel } from './scenario-model';
import type { Scenario } from './scenario-types';
import { instantiateConnection } from './connection-instance';
import { planConnection, type PlanContext, type PlannedEvent } from './connection-plan';
import type { FlowTemplate, GeneratedFlow } from './flow-template';
import { MinHeap } from './min-heap';
import { PeriodicSchedule } from './periodic-schedule';

/**
 * The homelab flow generator: connections arrive as a Poisson process whose rate is chosen so that, on average,
 * `rate` flows are emitted per second of virtual time, and connections with a cadence (`every`: a beacon, a
 * timer) start on their own schedule, independent of the rate; each connection expands into the events Cilium reports
 * for it (connection-plan.ts). Output is a pure function of (scenario, seed, start time, rate changes): pulling
 * flows in real time (`takeUntil`) or in bulk (`take`) yields the same sequence, with the same times and uuids.
 */

/** Options of {@link createHomelabGenerator}. */
export interface HomelabGeneratorOptions {
  /** PRNG seed. Default: 1. */
  seed?: number;
  /** Virtual time of the first connection, in ms since the epoch. Default: `Date.now()`. */
  startTimeMs?: number;
  /** Average flows per second of virtual time. Default: 40. */
  rate?: number;
  /** The cluster to simulate. Default: {@link homelabScenario}. */
  scenario?: Scenario;
}

/** A source of generated flows in time order. */
export interface FlowGenerator {
  /** The resolved scenario (pods, IPs, identities). */
  readonly model: ScenarioModel;
  /** Current average rate (flows per second of virtual time). */
  readonly rate: number;
  /** Number of flows returned so far. */
  readonly produced: number;
  /** Changes the rate for connections that start from now on. */
  setRate(rate: number): void;
  /** Virtual time (µs since the epoch) of the next flow. */
  peekTimeUs(): number;
  /** The next flow. */
  next(): GeneratedFlow;
  /** The next `count` flows, as fast as possible (benchmarks, backfill). */
  take(count: number): GeneratedFlow[];
  /** Every flow with a time up to `timeMs` (inclusive), at most `max`: the real-time pump. */
  takeUntil(timeMs: number, max?: number): GeneratedFlow[];
}

/** Creates a homelab generator. */
export function createHomelabGenerator(options: HomelabGeneratorOptions = {}): FlowGenerator {
  return new HomelabGenerator(options);
}

interface Pending {
  flow: GeneratedFlow;
  seq: number;
}

class HomelabGenerator implements FlowGenerator {
  readonly model: ScenarioModel;
  private readonly rand: Prng;
  /** Uuids come from their own stream, seeded with the start time too: a restarted relay must not reuse uuids. */
  private readonly uuidRand: Prng;
  private readonly templates = new Map<string, FlowTemplate>();
  private readonly pending = new MinHeap<Pending>(earlier);
  private readonly cumulativeWeights: number[];
  /** Connections arriving as a Poisson process (those without a cadence). */
  private readonly poisson: ResolvedConnection[];
  private readonly periodic: PeriodicSchedule;
  private readonly plan: PlanContext;
  private currentRate: number;
  private nextConnectionUs: number;
  private seq = 0;
  private count = 0;

  constructor(options: HomelabGeneratorOptions) {
    this.model = resolveScenario(options.scenario ?? homelabScenario());
    this.rand = createPrng(options.seed ?? 1);
    this.uuidRand = createPrng(((options.seed ?? 1) * 2654435761 + Math.floor(options.startTimeMs ?? Date.now())) % 2 ** 31);
    this.currentRate = positiveRate(options.rate ?? 40);
    this.nextConnectionUs = Math.round((options.startTimeMs ?? Date.now()) * 1000);
    let sum = 0;
    this.poisson = this.model.connections.filter((c) => !c.every);
    this.cumulativeWeights = this.poisson.map((c) => (sum += c.weight));
    this.periodic = new PeriodicSchedule(this.model.connections, this.nextConnectionUs);
    this.plan = {
      model: this.model,
      rand: this.rand,
      template: (key, build) => {
        let t = this.templates.get(key);
        if (!t) this.templates.set(key, (t = { key, ...build() }));
        return t;
      },
    };
  }

  get rate(): number {
    return this.currentRate;
  }

  get produced(): number {
    return this.count;
  }

  setRate(rate: number): void {
    this.currentRate = positiveRate(rate);
  }

  peekTimeUs(): number {
    this.fill();
    return this.pending.peek()!.flow.timeUs;
  }

  next(): GeneratedFlow {
    this.fill();
    this.count++;
    return this.pending.pop()!.flow;
  }

  take(count: number): GeneratedFlow[] {
    const out = new Array<GeneratedFlow>(count);
    for (let i = 0; i < count; i++) out[i] = this.next();
    return out;
  }

  takeUntil(timeMs: number, max = Infinity): GeneratedFlow[] {
    const limitUs = timeMs * 1000;
    const out: GeneratedFlow[] = [];
    while (out.length < max && this.peekTimeUs() <= limitUs) out.push(this.next());
    return out;
  }

  /** Starts connections until the earliest pending event precedes the next connection start. */
  private fill(): void {
    for (;;) {
      const periodicUs = this.periodic.peekUs();
      const nextStartUs = Math.min(this.nextConnectionUs, periodicUs);
      if (this.pending.size > 0 && this.pending.peek()!.flow.timeUs <= nextStartUs) return;
      if (periodicUs < this.nextConnectionUs) {
        const { conn, startUs } = this.periodic.take(this.rand);
        this.startConnection(conn, startUs);
      } else {
        const events = this.startConnection(this.pickConnection(), this.nextConnectionUs);
        const meanGapUs = (events / this.currentRate) * 1e6;
        this.nextConnectionUs += Math.max(1, Math.round(meanGapUs * this.rand.exp()));
      }
    }
  }

  /** Plans one occurrence of `conn` starting at `startUs`; returns how many events it queued. */
  private startConnection(conn: ResolvedConnection, startUs: number): number {
    const { instance, lookup } = instantiateConnection(this.model, conn, this.rand);
    const events: PlannedEvent[] = [];
    let offset = 0;
    if (lookup) {
      const dns = planConnection(this.plan, lookup, ephemeralPort(this.rand), 53);
      events.push(...dns);
      offset = Math.max(...dns.map((e) => e.offsetUs)) + this.rand.int(40, 300);
    }
    const serverPort = conn.protocol === 'ICMPv4' ? 0 : conn.port;
    const clientPort = conn.protocol === 'ICMPv4' ? 0 : ephemeralPort(this.rand);
    for (const e of planConnection(this.plan, instance, clientPort, serverPort)) events.push({ ...e, offsetUs: e.offsetUs + offset });
    for (const e of events) {
      const flow: GeneratedFlow = {
        template: e.template,
        timeUs: startUs + e.offsetUs,
        subMicroNanos: this.rand.int(0, 999),
        uuid: this.uuidRand.uuid(),
        clientPort: e.clientPort,
        serverPort: e.serverPort,
      };
      this.pending.push({ flow, seq: this.seq++ });
    }
    return events.length;
  }

  private pickConnection(): ResolvedConnection {
    const weights = this.cumulativeWeights;
    const x = this.rand.float() * weights[weights.length - 1];
    let lo = 0;
    let hi = weights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (weights[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.poisson[lo];
  }
}

function positiveRate(rate: number): number {
  if (!Number.isFinite(rate) || rate <= 0) throw new Error(`rate must be a positive number of flows per second, got ${rate}`);
  return rate;
}

/** A Linux ephemeral port (net.ipv4.ip_local_port_range 32768-60999). */
function ephemeralPort(rand: Prng): number {
  return rand.int(32768, 60999);
}

function earlier(a: Pending, b: Pending): boolean {
  return a.flow.timeUs < b.flow.timeUs || (a.flow.timeUs === b.flow.timeUs && a.seq < b.seq);
}
