import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Flow } from '../flow/flow';
import { flowBetween } from '../testing/flow-builders';
import type { CiliumPolicy } from './cnp-types';
import { replayFlows } from './evaluate-replay';
import { countFlows, flowCount, FlowReducer, reduceFlows, verdictKey } from './reduce-flows';
import { policies } from './testdata/upstream/load-upstream';

const set = policies`
  apiVersion: cilium.io/v2
  kind: CiliumNetworkPolicy
  metadata: {name: api, namespace: prod}
  spec:
    endpointSelector: {}
    ingress: [{fromEndpoints: [{matchLabels: {app: web}}], toPorts: [{ports: [{port: "8080"}]}]}]
    egress: [{toCIDR: [203.0.113.0/24]}]
`;

const flow: fc.Arbitrary<Flow> = fc
  .record({
    from: fc.constantFrom('prod/web', 'prod/batch', 'shop/web', 'reserved:host'),
    to: fc.constantFrom('prod/api', 'reserved:world'),
    port: fc.constantFrom(8080, 443),
    verdict: fc.constantFrom('AUDIT' as const, 'FORWARDED' as const),
    ip: fc.constantFrom('203.0.113.9', '198.51.100.2'),
    isReply: fc.boolean(),
    pod: fc.nat(3),
  })
  .map(({ from, to, port, verdict, ip, isReply, pod }) => {
    const f = flowBetween(from, to, { direction: to === 'reserved:world' ? 'EGRESS' : 'INGRESS', port, verdict, isReply, destinationIp: ip });
    // Other pods of the same workload and other source ports: the same verdict key.
    return { ...f, source: { ...f.source, podName: `${f.source.podName}-${pod}` } };
  });

describe('reduceFlows', () => {
  it('replaying the verdict keys gives the numbers of replaying every flow', () => {
    fc.assert(
      fc.property(fc.array(flow, { maxLength: 60 }), (flows) => {
        const all = replayFlows(flows, set as CiliumPolicy[]);
        const reduced = reduceFlows(flows);
        const keyed = replayFlows(reduced, set as CiliumPolicy[]);
        expect(countFlows(reduced)).toBe(flows.length);
        expect({ ...keyed, namespaces: keyed.namespaces.map(({ sample: _s, connections: _c, ...n }) => n) }).toEqual({
          ...all, namespaces: all.namespaces.map(({ sample: _s, connections: _c, ...n }) => n),
        });
      }),
      { numRuns: 200 },
    );
  });

  it('groups flows exactly as their verdict keys do, endpoints of one identity told apart by labels', () => {
    // Same identities with other labels (a forged or relabelled capture), and equal labels in fresh arrays.
    const labelled = fc
      .tuple(flow, fc.constantFrom('a', 'b', ''), fc.boolean())
      .map(([f, tier, copy]) => ({
        ...f,
        source: copy ? { ...f.source, labels: [...f.source.labels] } : f.source,
        destination: { ...f.destination, labels: tier ? [...f.destination.labels, `k8s:tier=${tier}`] : [...f.destination.labels] },
      }));
    fc.assert(
      fc.property(fc.array(labelled, { maxLength: 60 }), (flows) => {
        const reducer = new FlowReducer();
        flows.forEach((f) => reducer.add(f));
        const byKey = new Map<string, number>();
        for (const f of flows) byKey.set(verdictKey(f), (byKey.get(verdictKey(f)) ?? 0) + 1);
        expect(reducer.flows().map((r) => [verdictKey(r), flowCount(r)])).toEqual([...byKey]);
        expect(reducer.size).toBe(byKey.size);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps one representative per key, the first seen, with the count and the last time', () => {
    const a = flowBetween('prod/web', 'prod/api', { direction: 'INGRESS', port: 8080, at: 10 });
    const b = { ...flowBetween('prod/web', 'prod/api', { direction: 'INGRESS', port: 8080, at: 30 }), source: { ...a.source, podName: 'web-other' } };
    const c = flowBetween('prod/web', 'prod/api', { direction: 'INGRESS', port: 9090, at: 20 });
    const reducer = new FlowReducer();
    [b, a, c].forEach((f) => reducer.add(f));
    expect(verdictKey(a)).toBe(verdictKey(b));
    expect(reducer.size).toBe(2);
    expect(reducer.flowTotal).toBe(3);
    const [first] = reducer.flows();
    expect(first).toMatchObject({ uuid: a.uuid, count: 2, lastSeen: b.time });
    // Every field of the flow is kept (the replay and lints read any of them), nothing else is added.
    expect(first).toStrictEqual({ ...a, count: 2, lastSeen: b.time });
    expect(reduceFlows(reducer.flows())).toHaveLength(2);
  });

  it('tells world peers apart by address and DNS names, pods by labels', () => {
    const world = (ip: string, names: string[]) => flowBetween('prod/web', 'reserved:world', { port: 443, destinationIp: ip, destinationNames: names });
    expect(verdictKey(world('1.1.1.1', []))).not.toBe(verdictKey(world('1.1.1.2', [])));
    expect(verdictKey(world('1.1.1.1', ['a.example.com']))).not.toBe(verdictKey(world('1.1.1.1', ['b.example.com'])));
    const pod = (app: string) => flowBetween('prod/web', 'prod/api', { port: 80, destination: { labels: { app }, identity: 1000 } });
    expect(verdictKey(pod('api'))).not.toBe(verdictKey(pod('api-v2')));
  });
});
