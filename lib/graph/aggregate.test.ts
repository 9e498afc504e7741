import { describe, expect, it } from 'vitest';
import type { Flow } from '../flow/flow';
import { dnsFlow, flowBetween } from '../testing/flow-builders';
import { BLOG_PODS, connectionFlows, dnsLookupFlows, replyOf } from '../testing/graph-builders';
import { applyFlows } from './aggregate';
import { graphSnapshot } from './graph-snapshot';
import { EMPTY_GRAPH_DELTA } from './graph';
import { createServiceGraph, type ServiceGraphOptions } from './service-graph';

function graphOf(flows: Flow[], options: ServiceGraphOptions = {}) {
  const graph = createServiceGraph(options);
  applyFlows(graph, flows);
  return { graph, ...graphSnapshot(graph) };
}

describe('applyFlows: one count per connection', () => {
  it('counts the EGRESS and INGRESS policy verdicts and the traces of one connection once', () => {
    const { edges } = graphOf(connectionFlows('webapp/webapp', 'webapp/postgres', { id: 'c', port: 5432, egress: 'AUDIT', ingress: 'AUDIT', traces: 3 }));
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({ id: 'webapp/webapp->webapp/postgres:5432/TCP', verdicts: { AUDIT: 1 }, auditDirections: ['EGRESS', 'INGRESS'] });
  });

  it('moves a connection first seen by a trace to the verdict of its policy-verdict event', () => {
    const { edges } = graphOf(connectionFlows('a/a', 'b/b', { id: 'c', egress: 'AUDIT', order: 'traces-first' }));
    expect(edges[0].verdicts).toEqual({ AUDIT: 1 });
  });

  it('counts a connection whose two sides disagree under the most severe verdict', () => {
    const { edges } = graphOf(connectionFlows('a/a', 'b/b', { id: 'c', egress: 'FORWARDED', ingress: 'AUDIT' }));
    expect(edges[0]).toMatchObject({ verdicts: { AUDIT: 1 }, auditDirections: ['INGRESS'] });
  });

  it('counts separate connections separately', () => {
    const flows = [1, 2, 3].flatMap((i) => connectionFlows('a/a', 'b/b', { id: `c${i}`, at: i * 10, ingress: 'FORWARDED' }));
    expect(graphOf(flows).edges[0].verdicts).toEqual({ FORWARDED: 3 });
  });

  it('keeps SYN retransmits of a denied connection as one, but a reused 5-tuple of an allowed one as two', () => {
    const [denied] = connectionFlows('a/a', 'b/b', { id: 'd', egress: 'DROPPED', traces: 0, reply: false });
    const retransmits = [1000, 3000, 7000].map((dt) => ({ ...denied, uuid: `r${dt}`, time: denied.time + dt }));
    expect(graphOf([denied, ...retransmits]).edges[0].verdicts).toEqual({ DROPPED: 1 });
    const [allowed] = connectionFlows('a/a', 'b/b', { id: 'd', egress: 'FORWARDED', traces: 0, reply: false });
    expect(graphOf([allowed, { ...allowed, uuid: 'again', time: allowed.time + 5000 }]).edges[0].verdicts).toEqual({ FORWARDED: 2 });
  });

  it('counts the same 5-tuple again once the connection window has passed', () => {
    const [first] = connectionFlows('a/a', 'b/b', { id: 'c', egress: null, reply: false });
    const later = { ...first, uuid: 'later', time: first.time + 31_000 };
    expect(graphOf([first, later]).edges[0].verdicts).toEqual({ FORWARDED: 2 });
    expect(graphOf([first, later], { connectionWindowMs: 60_000 }).edges[0].verdicts).toEqual({ FORWARDED: 1 });
  });

  it('adds DNS L7 events to the edge to the resolver on 53 without double counting', () => {
    const flows = dnsLookupFlows('argocd/repo', 'kube-system/coredns', 'api.github.com', ['140.82.121.6'], { id: 'q', destination: { labels: { 'k8s-app': 'kube-dns' } } });
    const { edges } = graphOf(flows);
    expect(edges.map((e) => [e.id, e.verdicts])).toEqual([['argocd/repo->kube-system/kube-dns:53/UDP', { FORWARDED: 1 }]]);
    // A lone L7 record (the builder's dnsFlow) still makes the edge.
    expect(graphOf([dnsFlow('a/a', 'kube-system/coredns', 'x.example', [])]).edges[0].verdicts).toEqual({ FORWARDED: 1 });
  });
});

describe('applyFlows: replies', () => {
  it('never creates or counts edges from replies', () => {
    const flows = connectionFlows('a/a', 'b/b', { id: 'c' });
    const reply = flows.filter((f) => f.isReply);
    expect(reply).toHaveLength(1);
    const { graph, nodes, edges } = graphOf(reply);
    expect([nodes, edges]).toEqual([[], []]);
    expect(graph.stats.replies).toBe(1);
  });

  it('recognises replies when is_reply is unknown (SYN-ACK, or the reverse of a counted connection)', () => {
    const flows = connectionFlows('a/a', 'b/b', { id: 'c', reply: false });
    const unknown = (f: Flow): Flow => ({ ...f, isReply: undefined });
    const reply = replyOf(flows[0], 'reply');
    const ack = { ...reply, uuid: 'ack', l4: reply.l4 && reply.l4.protocol === 'TCP' ? { ...reply.l4, flags: ['ACK', 'PSH'] } : reply.l4 };
    const { edges } = graphOf([...flows, unknown(reply), unknown(ack)]);
    expect(edges.map((e) => e.id)).toEqual(['a/a->b/b:80/TCP']);
  });
});

describe('applyFlows: nodes', () => {
  it('folds the replicas of a Deployment into one node and counts their pods', () => {
    const flows = BLOG_PODS.flatMap((podName, i) => connectionFlows('traefik/traefik', 'blog/blog', { id: `c${i}`, destination: { podName } }));
    const { nodes } = graphOf(flows);
    expect(nodes.map((n) => [n.id, n.pods])).toEqual([['blog/blog', 10], ['traefik/traefik', 1]]);
    expect(graphOf(flows, { maxPodsPerNode: 4 }).nodes[0].pods).toBe(4);
  });

  it('keeps only the labels every pod of a node shares', () => {
    const v1 = connectionFlows('a/a', 'b/web', { id: 'v1', destination: { labels: { app: 'web', version: 'v1' } } });
    const v2 = connectionFlows('a/a', 'b/web', { id: 'v2', destination: { labels: { app: 'web', version: 'v2' }, identity: 9999 } });
    const web = graphOf([...v1, ...v2]).nodes.find((n) => n.id === 'b/web');
    expect(web?.labels).toEqual(['k8s:app=web', 'k8s:io.kubernetes.pod.namespace=b']);
  });

  it('takes first/last seen as min/max of flow times, whatever the order', () => {
    const late = flowBetween('a/a', 'b/b', { at: 5000, uuid: 'late' });
    const early = flowBetween('a/a', 'b/b', { at: 1000, uuid: 'early' });
    const { edges, nodes } = graphOf([late, early]);
    expect([edges[0].lastSeen - edges[0].firstSeen, nodes[0].lastSeen - nodes[0].firstSeen]).toEqual([4000, 4000]);
  });

  it('bounds the recent flows of an edge, oldest first', () => {
    const flows = [1, 2, 3, 4].flatMap((i) => connectionFlows('a/a', 'b/b', { id: `c${i}`, at: i * 10, reply: false }));
    expect(graphOf(flows, { recentFlowsPerEdge: 3 }).edges[0].recentFlows).toEqual(['c3-trace-0', 'c4-egress', 'c4-trace-0']);
  });
});

describe('applyFlows: deltas', () => {
  it('reports additions, then updates, then nothing for an empty batch or replies only', () => {
    const graph = createServiceGraph();
    const [first, second] = [1, 2].map((i) => connectionFlows('a/a', 'b/b', { id: `c${i}`, at: i * 10 }));
    const added = applyFlows(graph, first);
    expect([added.nodesAdded.map((n) => n.id), added.edgesAdded.map((e) => e.id)]).toEqual([['a/a', 'b/b'], ['a/a->b/b:80/TCP']]);
    const updated = applyFlows(graph, second);
    expect([updated.nodesAdded, updated.edgesAdded, updated.edgesUpdated[0].verdicts]).toEqual([[], [], { FORWARDED: 2 }]);
    expect(applyFlows(graph, [])).toBe(EMPTY_GRAPH_DELTA);
    expect(applyFlows(graph, second.filter((f) => f.isReply))).toBe(EMPTY_GRAPH_DELTA);
  });

  it('keeps unchanged views as the same objects across snapshots', () => {
    const graph = createServiceGraph();
    applyFlows(graph, [...connectionFlows('a/a', 'b/b', { id: 'x' }), ...connectionFlows('c/c', 'd/d', { id: 'y' })]);
    const before = graphSnapshot(graph);
    applyFlows(graph, connectionFlows('a/a', 'b/b', { id: 'z', at: 100 }));
    const after = graphSnapshot(graph);
    expect(after.edges[1]).toBe(before.edges[1]);
    expect(after.edges[0]).not.toBe(before.edges[0]);
  });
});

describe('applyFlows: ICMP', () => {
  it('keys ICMP by type and drops echo replies whose is_reply is unknown', () => {
    const ping = flowBetween('a/a', 'b/b', { protocol: 'ICMPv4', uuid: 'ping' });
    const pong = { ...replyOf(ping, 'pong'), isReply: undefined, l4: { protocol: 'ICMPv4' as const, type: 0, code: 0 } };
    const { edges } = graphOf([ping, pong]);
    expect(edges.map((e) => [e.id, e.verdicts])).toEqual([['a/a->b/b:0/ICMPv4', { AUDIT: 1 }]]);
  });
});
