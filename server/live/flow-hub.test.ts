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
