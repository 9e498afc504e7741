import { describe, expect, it } from 'vitest';
import path from 'node:path';
import fs from 'node:fs';
import protobuf from 'protobufjs';
import { toFlow, toRelayEvent } from './to-flow';
import { protoRoot } from './proto';
import { decodeGetFlowsResponse } from './fast-decode';

/** Encodes a jsonpb response with the real protos. */
function encode(jsonpb: Record<string, unknown>): Buffer {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('google/') ? target : path.join(protoRoot(), target));
  root.loadSync('observer/observer.proto', { keepCase: true });
  const Response = root.lookupType('observer.GetFlowsResponse');
  const toWireTime = (t: string) => {
    const ms = Date.parse(t);
    const frac = /\.(\d+)/.exec(t)?.[1] ?? '0';
    return { seconds: Math.floor(ms / 1000), nanos: Number((frac + '000000000').slice(0, 9)) };
  };
  const flow = { ...(jsonpb.flow as Record<string, unknown>) };
  flow.time = toWireTime(flow.time as string);
  if (typeof flow.is_reply === 'boolean') flow.is_reply = { value: flow.is_reply };
  return Buffer.from(Response.encode(Response.fromObject({ ...jsonpb, flow, time: toWireTime(jsonpb.time as string) })).finish());
}

function throughTheWire(jsonpb: Record<string, unknown>): unknown {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('google/') ? target : path.join(protoRoot(), target));
  root.loadSync('observer/observer.proto', { keepCase: true });
  const Response = root.lookupType('observer.GetFlowsResponse');
  return Response.toObject(Response.decode(encode(jsonpb)), { longs: Number, enums: String, defaults: false, oneofs: true });
}

const AUDIT_LINE = {
  flow: {
    time: '2026-11-20T09:14:03.123456789Z',
    uuid: '6b2f3c1e-0d52-4d0a-9a57-6f7d1f6c2a10',
    emitter: { name: 'Hubble', version: '1.19.4' },
    verdict: 'AUDIT',
    IP: { source: '10.0.1.17', destination: '10.0.2.31', ipVersion: 'IPv4' },
    l4: { TCP: { source_port: 51234, destination_port: 5432, flags: { SYN: true } } },
    source: {
      ID: 1822, identity: 40211, cluster_name: 'homelab', namespace: 'webapp',
      labels: ['k8s:app=webapp', 'k8s:io.kubernetes.pod.namespace=webapp'], pod_name: 'webapp-6f9c7d8b5-k2x7q',
      workloads: [{ name: 'webapp', kind: 'Deployment' }],
    },
    destination: {
      ID: 311, identity: 40877, cluster_name: 'homelab', namespace: 'webapp',
      labels: ['k8s:app=postgres', 'k8s:io.kubernetes.pod.namespace=webapp'], pod_name: 'postgres-0',
      workloads: [{ name: 'postgres', kind: 'StatefulSet' }],
    },
    Type: 'L3_L4',
    node_name: 'homelab/node-2',
    node_labels: ['kubernetes.io/hostname=node-2'],
    destination_names: [],
    event_type: { type: 5 },
    traffic_direction: 'INGRESS',
    is_reply: false,
    Summary: 'TCP Flags: SYN',
    destination_service: { name: 'postgres', namespace: 'webapp' },
  },
  node_name: 'homelab/node-2',
  time: '2026-11-20T09:14:03.123456789Z',
};

describe('toRelayEvent', () => {
  it('translates a jsonpb line and the same message off the wire identically', () => {
    const fromJson = toRelayEvent(AUDIT_LINE);
    const fromWire = toRelayEvent(throughTheWire(AUDIT_LINE));
    expect(fromJson.kind).toBe('flow');
    expect(fromWire).toEqual(fromJson);
  });

  it('translates the fast deserializer\'s messages (what the live bridge uses) identically', () => {
    const dropped = { ...AUDIT_LINE, flow: { ...AUDIT_LINE.flow, verdict: 'DROPPED', drop_reason_desc: 'POLICY_DENIED', trace_observation_point: 'TO_ENDPOINT' } };
    for (const line of [AUDIT_LINE, dropped]) expect(toRelayEvent(decodeGetFlowsResponse(encode(line)))).toEqual(toRelayEvent(line));
    const lost = { lost_events: { source: 'HUBBLE_RING_BUFFER', num_events_lost: 42 }, node_name: 'n1', time: '2026-11-20T09:00:00Z' };
    const root = new protobuf.Root();
    root.resolvePath = (_o, t) => (t.startsWith('google/') ? t : path.join(protoRoot(), t));
    root.loadSync('observer/observer.proto', { keepCase: true });
    const Response = root.lookupType('observer.GetFlowsResponse');
    const bytes = Buffer.from(Response.encode(Response.fromObject({ ...lost, time: { seconds: Date.parse(lost.time) / 1000 } })).finish());
    expect(toRelayEvent(decodeGetFlowsResponse(bytes))).toEqual(toRelayEvent(lost));
  });

  it('keeps every field the UI shows', () => {
    const event = toRelayEvent(throughTheWire(AUDIT_LINE));
    if (event.kind !== 'flow') throw new Error(event.kind);
    const f = event.flow;
    expect(f).toMatchObject({
      uuid: '6b2f3c1e-0d52-4d0a-9a57-6f7d1f6c2a10',
      time: Date.parse('2026-11-20T09:14:03.123Z'),
      timeNanos: 456789,
      verdict: 'AUDIT',
      eventType: 5,
      type: 'L3_L4',
      trafficDirection: 'INGRESS',
      isReply: false,
      nodeName: 'homelab/node-2',
      nodeLabels: ['kubernetes.io/hostname=node-2'],
      summary: 'TCP Flags: SYN',
      emitter: { name: 'Hubble', version: '1.19.4' },
      destinationService: { name: 'postgres', namespace: 'webapp' },
      ip: { source: '10.0.1.17', destination: '10.0.2.31', ipVersion: 'IPv4', sourceXlated: '', encrypted: false },
      l4: { protocol: 'TCP', sourcePort: 51234, destinationPort: 5432, flags: ['SYN'] },
    });
    expect(f.source).toEqual({
      id: 1822, identity: 40211, clusterName: 'homelab', namespace: 'webapp',
      labels: ['k8s:app=webapp', 'k8s:io.kubernetes.pod.namespace=webapp'], podName: 'webapp-6f9c7d8b5-k2x7q',
      workloads: [{ name: 'webapp', kind: 'Deployment' }],
    });
    expect(f.destination.workloads).toEqual([{ name: 'postgres', kind: 'StatefulSet' }]);
  });

  it('carries the policy attribution (allowed_by, denied_by, policy_match_type) through jsonpb, the wire and the fast decoder', () => {
    const policy = (name: string, kind = 'CiliumNetworkPolicy') => ({ name, namespace: 'webapp', kind, labels: [`k8s:io.cilium.k8s.policy.name=${name}`], revision: 7 });
    const attributed = {
      ...AUDIT_LINE,
      flow: {
        ...AUDIT_LINE.flow, verdict: 'DROPPED', drop_reason_desc: 'POLICY_DENY', policy_match_type: 2,
        ingress_allowed_by: [policy('webapp-db-policy')], egress_allowed_by: [policy('webapp-policy')],
        ingress_denied_by: [policy('deny-debug')], egress_denied_by: [policy('cluster-deny', 'CiliumClusterwideNetworkPolicy')],
      },
    };
    const ref = (name: string, kind = 'CiliumNetworkPolicy') => ({ name, namespace: 'webapp', kind, labels: [`k8s:io.cilium.k8s.policy.name=${name}`], revision: 7 });
    for (const event of [toRelayEvent(attributed), toRelayEvent(throughTheWire(attributed)), toRelayEvent(decodeGetFlowsResponse(encode(attributed)))]) {
      if (event.kind !== 'flow') throw new Error(event.kind);
      expect(event.flow).toMatchObject({
        policyMatchType: 2,
        ingressAllowedBy: [ref('webapp-db-policy')],
        egressAllowedBy: [ref('webapp-policy')],
        ingressDeniedBy: [ref('deny-debug')],
        egressDeniedBy: [ref('cluster-deny', 'CiliumClusterwideNetworkPolicy')],
      });
    }
  });

  it('translates node_status and lost_events', () => {
    expect(toRelayEvent({ node_status: { state_change: 'NODE_UNAVAILABLE', node_names: ['homelab/node-3'], message: 'dial timeout' }, time: '2026-11-20T09:00:00Z' })).toEqual({
      kind: 'node_status',
      event: { stateChange: 'NODE_UNAVAILABLE', nodeNames: ['homelab/node-3'], message: 'dial timeout', time: Date.parse('2026-11-20T09:00:00Z') },
    });
    const lost = toRelayEvent({ lost_events: { source: 'HUBBLE_RING_BUFFER', num_events_lost: '42', cpu: 1 }, node_name: 'n1' });
    expect(lost).toMatchObject({ kind: 'lost_events', event: { source: 'HUBBLE_RING_BUFFER', numEventsLost: 42, cpu: 1, nodeName: 'n1' } });
  });

  it('reads L7 DNS and HTTP records from real captures', () => {
    const dir = path.join(__dirname, '../captures/testdata');
    const line = fs.readFileSync(path.join(dir, 'hubble-otel_basic-sample-330-dns-flows.json'), 'utf8').split('\n').find((l) => l.includes('"ips"'))!;
    const event = toRelayEvent(JSON.parse(line));
    if (event.kind !== 'flow') throw new Error(event.kind);
    expect(event.flow.l7?.dns?.ips.length).toBeGreaterThan(0);
    expect(event.flow.eventType).toBe(129);
  });

  it('reports values of the wrong kind instead of throwing', () => {
    expect(toRelayEvent('text')).toEqual({ kind: 'invalid', reason: 'not a JSON object' });
    expect(toRelayEvent({})).toMatchObject({ kind: 'invalid' });
    expect(toRelayEvent({ flow: { time: 'soon' } })).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/invalid timestamp/) });
    expect(toRelayEvent({ agent_event: {} })).toEqual({ kind: 'ignored', what: 'agent_event' });
  });

  it('tolerates an empty flow (field-masked export) and derives a stable uuid', () => {
    const a = toFlow({ time: '2026-01-01T00:00:00Z' });
    const b = toFlow({ time: '2026-01-01T00:00:00Z' });
    expect(a.uuid).toBe(b.uuid);
    expect(a.verdict).toBe('VERDICT_UNKNOWN');
    expect(a.l4).toBe(undefined);
    expect(a.source.labels).toEqual([]);
  });
});
