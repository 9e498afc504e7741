import { describe, expect, it } from 'vitest';
import { flowBetween } from '@/lib/testing/flow-builders';
import { FlowHub } from './flow-hub';

describe('FlowHub namespace counts', () => {
  it('credits an AUDIT verdict to the namespace whose policy reported it, not the peer namespace', () => {
    const hub = new FlowHub({ flowsPerNamespace: 100 });
    hub.ingest(flowBetween('traefik/traefik', 'blog/blog', { direction: 'INGRESS', port: 80 }));
    hub.ingest(flowBetween('blog/blog', 'kube-system/coredns', { direction: 'EGRESS', port: 53, protocol: 'UDP' }));
    hub.ingest(flowBetween('traefik/traefik', 'blog/blog', { direction: 'INGRESS', port: 80, verdict: 'FORWARDED' }));
    const byName = Object.fromEntries(hub.namespaceSummaries().map((s) => [s.name, s]));
    expect(byName.blog.verdicts).toEqual({ AUDIT: 2, FORWARDED: 1 });
    // traefik (no policy) and kube-system see the flows, but never count as in audit mode.
    expect(byName.traefik.verdicts).toEqual({ FORWARDED: 1 });
    expect(byName['kube-system'].verdicts).toEqual({});
    expect(byName.traefik.flows).toBe(2);
  });
});

describe('FlowHub flows per second', () => {
  it('averages the complete seconds of the last ten on its own clock', () => {
    let now = 1_000_000;
    const hub = new FlowHub({ now: () => now });
    // 9 complete seconds at 10, 20, ... 90 flows, then a partial second that must not count.
    for (let second = 1; second <= 9; second++) {
      for (let i = 0; i < second * 10; i++) hub.ingest(flowBetween('prod/web', 'prod/api', { port: 80 }));
      now += 1000;
    }
    for (let i = 0; i < 500; i++) hub.ingest(flowBetween('prod/web', 'prod/api', { port: 80 }));
    expect(hub.ingestRate()).toBe(50);
    // Ten quiet seconds later nothing is left.
    now += 10_000;
    expect(hub.ingestRate()).toBe(0);
  });
});
