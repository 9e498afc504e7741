import type { Flow } from '@/lib/flow/flow';
import { dnsFlow, flowBetween, FIXED_TIME } from '@/lib/testing/flow-builders';
import type { FlowSource, FlowSourceHandlers } from '../flow-source';

/**
 * Test doubles (test code only). {@link FakeRelay} behaves like a relay for one filter: it keeps every flow it
 * was given (in time order) and serves sources that replay the backlog from `since`, then follow live flows,
 * delivered asynchronously in small chunks like a stream.
 */
export class FakeRelay {
  readonly flows: Flow[] = [];
  private readonly pumps = new Set<() => void>();
  private readonly idle = new Set<() => void>();
  private active = 0;

  /** Appends flows (time order) and wakes every source. */
  emit(flows: readonly Flow[]): void {
    this.flows.push(...flows);
    for (const pump of this.pumps) pump();
  }

  /** A new source on this relay (one per leadership term, like a new GetFlows call). */
  source(chunk = 100): FlowSource {
    let stopped = false;
    let position = 0;
    let scheduled = false;
    let handlers: FlowSourceHandlers | undefined;
    const pump = () => {
      if (scheduled || stopped) return;
      scheduled = true;
      this.active += 1;
      setImmediate(() => {
        scheduled = false;
        this.active -= 1;
        if (stopped || !handlers) return this.settle();
        const end = Math.min(this.flows.length, position + chunk);
        for (; position < end; position++) handlers.onFlow(this.flows[position]);
        if (position < this.flows.length) pump();
        else this.settle();
      });
    };
    return {
      start: (since, h) => {
        handlers = h;
        position = this.flows.findIndex((f) => f.time >= since);
        if (position < 0) position = this.flows.length;
        this.pumps.add(pump);
        pump();
      },
      stop: () => {
        stopped = true;
        this.pumps.delete(pump);
      },
    };
  }

  /** Resolves when every source has delivered everything emitted so far. */
  drained(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  private settle(): void {
    if (this.active > 0) return;
    for (const resolve of this.idle) resolve();
    this.idle.clear();
  }
}

/** Workload pairs of {@link auditStream}: distinct primary labels, so every batch picks the same selectors. */
export const PAIRS: readonly [string, string, number][] = [
  ['shop/web', 'shop/api', 8080],
  ['shop/api', 'shop/db', 5432],
  ['shop/worker', 'shop/api', 8080],
  ['blog/blog', 'blog/postgres', 5432],
  ['monitoring/prometheus', 'blog/blog', 9113],
];

const labels = (ref: string) => ({ labels: { 'app.kubernetes.io/name': ref.split('/')[1] } });

/**
 * `count` AUDIT policy verdicts (egress), each counting in exactly one finding: pair `i % PAIRS.length`, uuid
 * `<prefix>-<i>`, time FIXED_TIME + offset + i × stepMs, nodes alternating.
 */
export function auditStream(count: number, options: { prefix?: string; offsetMs?: number; stepMs?: number } = {}): Flow[] {
  const { prefix = 'flow', offsetMs = 0, stepMs = 3 } = options;
  return Array.from({ length: count }, (_, i) => {
    const [from, to, port] = PAIRS[i % PAIRS.length];
    const flow = flowBetween(from, to, { port, uuid: `${prefix}-${i}`, at: offsetMs + i * stepMs, nodeName: `homelab/worker-${i % 3}`, source: labels(from), destination: labels(to) });
    return { ...flow, timeNanos: (i * 7919) % 1_000_000 };
  });
}

/** A DNS L7 answer from kube-dns to `client` for `query`. */
export function dnsAnswer(client: string, query: string, at: number, uuid: string): Flow {
  return dnsFlow(client, 'kube-system/coredns', query, ['93.184.216.34'], { at, uuid, source: labels(client), destination: { labels: { 'k8s-app': 'kube-dns' } } });
}

export { FIXED_TIME };
