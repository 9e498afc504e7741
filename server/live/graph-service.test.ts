import { afterEach, describe, expect, it } from 'vitest';
import { flowBetween } from '@/lib/testing/flow-builders';
import type { GraphDelta } from '@/lib/graph/graph';
import type { NamespaceGraph } from '@/lib/graph/namespace-graph';
import { MetricsRegistry } from '../metrics';
import { FlowHub } from './flow-hub';
import { GraphService } from './graph-service';

type Message = { snapshot?: NamespaceGraph; delta?: GraphDelta } | undefined;

describe('GraphService', () => {
  let service: GraphService | undefined;
  afterEach(() => service?.stop());

  it('gives an edge its recent flows, newest first, only in a namespace it touches', () => {
    const hub = new FlowHub({ flowsPerNamespace: 100 });
    service = new GraphService(hub, new MetricsRegistry());
    const flows = [1, 2, 3].map((n) => flowBetween('blog/blog', 'blog/mysql', { port: 3306, uuid: `u${n}` }));
    hub.ingest(flowBetween('blog/blog', 'blog/redis', { port: 6379, uuid: 'other' }));
    for (const f of flows) hub.ingest(f);
    const edge = service.namespaceGraph('blog', 'all').edges.find((e) => e.port === 3306)!;
    expect(service.edgeFlows('blog', edge.id)?.flows.map((f) => f.uuid)).toEqual(['u3', 'u2', 'u1']);
    expect(service.edgeFlows('blog', edge.id)?.recorded).toBe(3);
    expect(service.edgeFlows('webapp', edge.id)).toBeUndefined();
    expect(service.edgeFlows('blog', 'blog/blog->blog/nope:1/TCP')).toBeUndefined();
  });

  it('feeds a map: a snapshot without flow uuids, then new edges at once and count-only changes when counts are due', () => {
    const hub = new FlowHub({ flowsPerNamespace: 100 });
    service = new GraphService(hub, new MetricsRegistry());
    hub.ingest(flowBetween('blog/blog', 'blog/mysql', { port: 3306, verdict: 'FORWARDED' }));
    const feed = service.liveFeed('blog', 'all', 60_000);
    // The feed computes a delta on every tenth poll (once a second at the stream's 100 ms).
    const second = (): Message => Array.from({ length: 10 }, () => feed.poll() as Message).find(Boolean);
    const first = feed.poll() as Message;
    expect(first?.snapshot?.edges).toHaveLength(1);
    expect(first?.snapshot?.edges[0]).not.toHaveProperty('recentFlows');
    hub.ingest(flowBetween('blog/blog', 'blog/mysql', { port: 3306, verdict: 'FORWARDED' }));
    expect(second()).toBeUndefined();
    hub.ingest(flowBetween('blog/blog', 'blog/mysql', { port: 3306, verdict: 'AUDIT' }));
    const audit = second();
    expect(audit?.delta?.edgesUpdated.map((e) => e.verdicts)).toEqual([{ FORWARDED: 2, AUDIT: 1 }]);
    expect(audit?.delta?.edgesUpdated[0]).not.toHaveProperty('recentFlows');
  });
});
