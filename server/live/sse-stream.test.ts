import { afterEach, describe, expect, it } from 'vitest';
import { flowBetween } from '@/lib/testing/flow-builders';
import { FlowHub } from './flow-hub';
import { createLiveStream } from './sse-stream';
import { createLockstepMetrics } from '../metrics';

const controllers: AbortController[] = [];
afterEach(() => controllers.splice(0).forEach((c) => c.abort()));

interface SseEvent {
  event: string;
  id?: string;
  data: unknown;
}

/** Reads SSE events from a stream for `ms` milliseconds. */
async function readEvents(stream: ReadableStream<Uint8Array>, ms: number): Promise<SseEvent[]> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const result = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
    if (!result || result.done) break;
    text += decoder.decode(result.value);
  }
  reader.releaseLock();
  return text
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => {
      const get = (k: string) => block.split('\n').find((l) => l.startsWith(`${k}: `))?.slice(k.length + 2);
      return { event: get('event') ?? 'message', id: get('id'), data: JSON.parse(get('data')!) };
    });
}

function open(hub: FlowHub, options: { namespace?: string; namespaces?: string[]; lastEventId?: number | string; queueCapacity?: number } = {}) {
  const abort = new AbortController();
  controllers.push(abort);
  const metrics = createLockstepMetrics();
  const stream = createLiveStream({ hub, metrics, status: () => ({ state: 'connected' }), signal: abort.signal, flushMs: 20, ...options });
  return { stream, metrics };
}

describe('createLiveStream', () => {
  it('backfills, then streams new flows of its namespace only, with event ids', async () => {
    const hub = new FlowHub();
    hub.ingest(flowBetween('blog/blog', 'kube-system/coredns'));
    const { stream } = open(hub, { namespace: 'blog' });
    hub.ingest(flowBetween('webapp/webapp', 'webapp/postgres'));
    const third = hub.ingest(flowBetween('traefik/traefik', 'blog/blog'));
    const events = await readEvents(stream, 150);
    const flows = events.filter((e) => e.event === 'flows').flatMap((e) => (e.data as { flows: { source: { namespace: string } }[] }).flows);
    expect(flows.map((f) => f.source.namespace)).toEqual(['blog', 'traefik']);
    expect(events.filter((e) => e.event === 'flows').at(-1)?.id).toMatch(new RegExp(`^${hub.id}\\.${third}\\.\\d+\\.0$`));
    expect(events.some((e) => e.event === 'status')).toBe(true);
    expect(events.some((e) => e.event === 'namespaces')).toBe(true);
  });

  it('sends two clients of a namespace the same flows, each flow as its JSON, serialised once for both', async () => {
    const hub = new FlowHub();
    const a = open(hub, { namespace: 'blog' });
    const b = open(hub, { namespace: 'blog' });
    const sent = [flowBetween('blog/blog', 'kube-system/coredns'), flowBetween('traefik/traefik', 'blog/blog', { port: 8080, verdict: 'DROPPED' })];
    for (const flow of sent) hub.ingest(flow);
    const [first, second] = await Promise.all([readEvents(a.stream, 150), readEvents(b.stream, 150)]);
    const flowsOf = (events: SseEvent[]) => events.filter((e) => e.event === 'flows').flatMap((e) => (e.data as { flows: unknown[]; skipped: number }).flows);
    expect(flowsOf(first)).toEqual(JSON.parse(JSON.stringify(sent)));
    expect(flowsOf(second)).toEqual(flowsOf(first));
    const entries = hub.recentFlows('blog').flows;
    expect(entries.map((e) => e.json)).toEqual(sent.map((f) => JSON.stringify(f)));
  });

  it('resumes after Last-Event-ID without repeating what the browser has', async () => {
    const hub = new FlowHub();
    const seqs = [1, 2, 3, 4].map(() => hub.ingest(flowBetween('blog/blog', 'kube-system/coredns')));
    const { stream } = open(hub, { namespace: 'blog', lastEventId: seqs[1] });
    const events = await readEvents(stream, 100);
    const flows = events.filter((e) => e.event === 'flows').flatMap((e) => (e.data as { flows: unknown[] }).flows);
    expect(flows).toHaveLength(2);
  });

  it('resumes on another replica by flow time: no flow repeated, none skipped, whatever order each replica got them in', async () => {
    // Two replicas receive the same flows from the relay, each in its own order and numbering.
    const flows = Array.from({ length: 12 }, (_, i) => flowBetween('blog/blog', 'kube-system/coredns', { at: 1_000 + i * 10 }));
    const [a, b] = [new FlowHub(), new FlowHub()];
    for (const f of flows.slice(0, 6)) a.ingest(f);
    for (const f of [...flows.slice(0, 6)].reverse()) b.ingest(f);
    b.ingest(flowBetween('webapp/webapp', 'webapp/postgres', { at: 1_030 }));
    const uuids = (events: SseEvent[]) => events.filter((e) => e.event === 'flows').flatMap((e) => (e.data as { flows: { uuid: string }[] }).flows.map((f) => f.uuid));
    const first = await readEvents(open(a, { namespace: 'blog' }).stream, 100);
    const lastId = first.filter((e) => e.event === 'flows').at(-1)!.id!;
    expect(uuids(first)).toEqual(flows.slice(0, 6).map((f) => f.uuid));
    // The browser reconnects to replica b, which has more flows by then.
    for (const f of flows.slice(6)) b.ingest(f);
    const resumed = open(b, { namespace: 'blog', lastEventId: lastId });
    const second = await readEvents(resumed.stream, 100);
    expect(uuids(second)).toEqual(flows.slice(6).map((f) => f.uuid));
    // And back to a, resuming from b's id: a has nothing newer yet, then streams the next flow once.
    const third = open(a, { namespace: 'blog', lastEventId: second.filter((e) => e.event === 'flows').at(-1)!.id! });
    const next = flowBetween('blog/blog', 'kube-system/coredns', { at: 2_000 });
    for (const f of [...flows.slice(6), next]) a.ingest(f);
    expect(uuids(await readEvents(third.stream, 100))).toEqual([next.uuid]);
  });

  it('gives a slow client the newest flows and a skipped count, holding at most its queue', async () => {
    const hub = new FlowHub({ flowsPerNamespace: 10 });
    const { stream, metrics } = open(hub, { namespace: 'blog', queueCapacity: 50 });
    // The browser reads nothing while 20,000 flows arrive.
    for (let i = 0; i < 20_000; i++) hub.ingest(flowBetween('blog/blog', 'kube-system/coredns'));
    const events = await readEvents(stream, 200);
    const batches = events.filter((e) => e.event === 'flows').map((e) => e.data as { flows: unknown[]; skipped: number });
    const delivered = batches.reduce((n, b) => n + b.flows.length, 0);
    const skipped = batches.reduce((n, b) => n + b.skipped, 0);
    expect(delivered).toBeLessThanOrEqual(50);
    expect(skipped).toBeGreaterThan(19_000);
    expect(metrics.get('lockstep_flows_skipped_total')).toBe(skipped);
  });

  it('carries the flows of several namespaces on one stream, each flow once', async () => {
    const hub = new FlowHub();
    hub.ingest(flowBetween('blog/blog', 'webapp/webapp'));
    hub.ingest(flowBetween('argocd/argocd-server', 'argocd/argocd-repo-server'));
    const { stream } = open(hub, { namespaces: ['blog', 'webapp'] });
    hub.ingest(flowBetween('webapp/webapp', 'webapp/postgres'));
    hub.ingest(flowBetween('traefik/traefik', 'blog/blog'));
    const events = await readEvents(stream, 150);
    const flows = events.filter((e) => e.event === 'flows').flatMap((e) => (e.data as { flows: { source: { namespace: string } }[] }).flows);
    // blog -> webapp belongs to both namespaces and arrives once; argocd is not subscribed.
    expect(flows.map((f) => f.source.namespace)).toEqual(['blog', 'webapp', 'traefik']);
  });

  it('item 14: lockstep_sse_clients counts open streams of every SSE route (overview included), not hub listeners', async () => {
    const hub = new FlowHub();
    // A server-side listener (the service map's) is not a browser.
    hub.subscribe({ namespace: '*', onFlow: () => {} });
    const metrics = createLockstepMetrics();
    const aborts = [new AbortController(), new AbortController()];
    controllers.push(...aborts);
    let released = 0;
    createLiveStream({ hub, metrics, status: () => ({}), signal: aborts[0].signal, namespaces: ['blog'], release: () => released++ });
    expect(metrics.get('lockstep_sse_clients')).toBe(1);
    createLiveStream({ hub, metrics, status: () => ({}), signal: aborts[1].signal, release: () => released++ });
    expect(metrics.get('lockstep_sse_clients')).toBe(2);
    aborts.forEach((a) => a.abort());
    expect(metrics.get('lockstep_sse_clients')).toBe(0);
    expect(released).toBe(2);
  });
});
