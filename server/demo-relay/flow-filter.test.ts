import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { compileFlowFilter, compileFlowFilters, FlowFilterError } from './flow-filter';
import { readCapture } from './replay';

type Obj = Record<string, unknown>;

/** A compact wire flow with the fields filters look at. */
function wire(overrides: Obj = {}): Obj {
  return {
    uuid: 'c3a1f1a2-1111-4222-8333-444455556666',
    verdict: 'AUDIT',
    IP: { source: '10.244.1.20', destination: '10.244.2.30', ipVersion: 'IPv4' },
    l4: { TCP: { source_port: 40000, destination_port: 5432, flags: { SYN: true } } },
    source: { identity: 4242, namespace: 'webapp', pod_name: 'debug-netshoot', labels: ['k8s:io.kubernetes.pod.namespace=webapp', 'k8s:run=debug-netshoot'] },
    destination: {
      identity: 5151, cluster_name: 'homelab', namespace: 'webapp', pod_name: 'postgres-0',
      labels: ['k8s:app=postgres', 'k8s:io.kubernetes.pod.namespace=webapp'], workloads: [{ name: 'postgres', kind: 'StatefulSet' }],
    },
    node_name: 'homelab/node-2',
    event_type: { type: 5 },
    traffic_direction: 'INGRESS',
    is_reply: { value: false },
    destination_service: { namespace: 'webapp', name: 'postgres' },
    ...overrides,
  };
}

const matches = (filter: Obj, flow: Obj = wire()) => compileFlowFilter(filter)(flow);

describe('flow filters: combination', () => {
  it('passes everything without filters, ORs filters and ANDs the fields of one filter', () => {
    expect(compileFlowFilters()(wire())).toBe(true);
    const audit = { verdict: ['AUDIT'] };
    const elsewhere = { source_pod: ['blog/'] };
    expect(compileFlowFilters([elsewhere, audit])(wire())).toBe(true);
    expect(compileFlowFilters([{ ...audit, ...elsewhere }])(wire())).toBe(false);
    expect(compileFlowFilters([audit], [{ destination_pod: ['webapp/postgres'] }])(wire())).toBe(false);
    expect(compileFlowFilters([], [elsewhere])(wire())).toBe(true);
  });

  it('treats empty lists and empty messages as unset', () => {
    expect(matches({ verdict: [], experimental: { cel_expression: [] }, source_pod: ['webapp/'] })).toBe(true);
  });

  it('rejects fields it cannot evaluate instead of ignoring them', () => {
    expect(() => compileFlowFilter({ http_header: [{ key: 'x', value: 'y' }] })).toThrow(FlowFilterError);
    expect(() => compileFlowFilter({ experimental: { cel_expression: ['true'] } })).toThrow(/unsupported.*experimental/);
    expect(() => compileFlowFilter({ interface: [{ name: 'eth0' }], verdict: ['AUDIT'] })).toThrow(/interface/);
  });

  it('rejects malformed values', () => {
    for (const filter of [{ source_ip: ['10.0.0.0/abc'] }, { destination_port: ['http'] }, { protocol: ['quic'] }, { source_label: ['a in (b'] }, { node_name: ['a/b/c'] }, { source_pod: ['a/b/c'] }]) {
      expect(() => compileFlowFilter(filter), JSON.stringify(filter)).toThrow(FlowFilterError);
    }
  });
});

describe('flow filters: fields', () => {
  it('matches pods by namespace and name prefix (no slash means "default", an empty namespace means any)', () => {
    expect(matches({ source_pod: ['webapp/'] })).toBe(true);
    expect(matches({ destination_pod: ['webapp/postgres'] })).toBe(true);
    expect(matches({ destination_pod: ['webapp/postgres-1'] })).toBe(false);
    expect(matches({ destination_pod: ['postgres'] })).toBe(false);
    expect(matches({ destination_pod: ['postgres'] }, wire({ destination: { namespace: 'default', pod_name: 'postgres-0' } }))).toBe(true);
    // An empty namespace means any namespace: `hubble observe -A` sends "/", `--from-pod /debug` a bare prefix.
    expect(matches({ source_pod: ['/debug'] })).toBe(true);
    expect(matches({ source_pod: ['/postgres'] })).toBe(false);
    expect(matches({ source_pod: ['/'] }, wire({ source: { namespace: 'monitoring', pod_name: 'prometheus-0' } }))).toBe(true);
    expect(matches({ source_pod: ['/'] }, wire({ source: { identity: 2, labels: ['reserved:world'] } }))).toBe(false);
    expect(matches({ destination_service: ['webapp/postgres'] })).toBe(true);
  });

  it('matches IPs exactly or by CIDR', () => {
    expect(matches({ source_ip: ['10.244.1.20'] })).toBe(true);
    expect(matches({ destination_ip: ['10.244.0.0/16'] })).toBe(true);
    expect(matches({ destination_ip: ['10.245.0.0/16', '10.244.2.31'] })).toBe(false);
    expect(matches({ source_ip: ['fd00::/8'] }, wire({ IP: { source: 'fd00::1', destination: 'fd00::2', ipVersion: 'IPv6' } }))).toBe(true);
  });

  it('matches labels with or without the source prefix, and reserved labels', () => {
    expect(matches({ destination_label: ['app=postgres'] })).toBe(true);
    expect(matches({ destination_label: ['k8s:app=postgres'] })).toBe(true);
    expect(matches({ destination_label: ['reserved:app=postgres'] })).toBe(false);
    expect(matches({ destination_label: ['app in (postgres, redis)', 'nothing'] })).toBe(true);
    expect(matches({ destination_label: ['k8s:app=postgres,!run'] })).toBe(true);
    expect(matches({ source_label: ['run!=debug-netshoot'] })).toBe(false);
    expect(matches({ destination_label: ['reserved:world'] }, wire({ destination: { identity: 2, labels: ['reserved:world'] } }))).toBe(true);
  });

  it('matches verdict, direction, event type and drop reason', () => {
    expect(matches({ verdict: ['DROPPED', 'AUDIT'] })).toBe(true);
    expect(matches({ verdict: [4] })).toBe(true);
    expect(matches({ traffic_direction: ['EGRESS'] })).toBe(false);
    expect(matches({ event_type: [{ type: 5 }] })).toBe(true);
    expect(matches({ event_type: [{ type: 4 }] })).toBe(false);
    const trace = wire({ event_type: { type: 4, sub_type: 3 } });
    expect(matches({ event_type: [{ type: 4, match_sub_type: true, sub_type: 3 }] }, trace)).toBe(true);
    expect(matches({ event_type: [{ type: 4, match_sub_type: true, sub_type: 0 }] }, trace)).toBe(false);
    expect(matches({ drop_reason_desc: ['POLICY_DENIED'] }, wire({ verdict: 'DROPPED', drop_reason_desc: 'POLICY_DENIED' }))).toBe(true);
    expect(matches({ drop_reason_desc: ['POLICY_DENIED'] })).toBe(false);
  });

  it('matches protocols, ports and replies like Hubble', () => {
    expect(matches({ protocol: ['TCP'] })).toBe(true);
    expect(matches({ protocol: ['udp', 'icmp'] })).toBe(false);
    const dns = wire({ l4: { UDP: { source_port: 53, destination_port: 41000 } }, l7: { type: 'RESPONSE', dns: { query: 'api.github.com.' } } });
    expect(matches({ protocol: ['dns'] }, dns)).toBe(true);
    expect(matches({ dns_query: ['github\\.com\\.$'] }, dns)).toBe(true);
    expect(matches({ destination_port: ['5432'] })).toBe(true);
    expect(matches({ source_port: ['5432'] })).toBe(false);
    expect(matches({ reply: [false] })).toBe(true);
    expect(matches({ reply: [true] }, wire({ is_reply: true }))).toBe(true);
    // Unknown is_reply counts as false for DROPPED flows only (pkg/hubble/filters/reply.go).
    expect(matches({ reply: [false] }, wire({ is_reply: undefined }))).toBe(false);
    expect(matches({ reply: [false] }, wire({ is_reply: undefined, verdict: 'DROPPED' }))).toBe(true);
    expect(matches({ tcp_flags: [{ SYN: true }] })).toBe(true);
    expect(matches({ tcp_flags: [{ SYN: true, ACK: true }] })).toBe(false);
  });

  it('matches FQDNs, node names, identities, workloads, clusters and uuids', () => {
    const github = wire({ destination_names: ['api.github.com'] });
    expect(matches({ destination_fqdn: ['*.github.com'] }, github)).toBe(true);
    expect(matches({ destination_fqdn: ['api.github.com.'] }, github)).toBe(true);
    expect(matches({ destination_fqdn: ['*.githubusercontent.com'] }, github)).toBe(false);
    expect(matches({ node_name: ['homelab/node-*'] })).toBe(true);
    expect(matches({ node_name: ['node-2'] })).toBe(true);
    expect(matches({ node_name: ['homelab/'] })).toBe(true);
    expect(matches({ node_name: ['other/'] })).toBe(false);
    expect(matches({ node_name: ['kind-*'] }, wire({ node_name: 'kind-worker' }))).toBe(true);
    expect(matches({ source_identity: [4242] })).toBe(true);
    expect(matches({ destination_workload: [{ kind: 'StatefulSet' }] })).toBe(true);
    expect(matches({ destination_workload: [{ name: 'webapp' }] })).toBe(false);
    expect(matches({ destination_cluster_name: ['homelab'] })).toBe(true);
    expect(matches({ uuid: ['c3a1f1a2-1111-4222-8333-444455556666'] })).toBe(true);
  });
});

describe('flow filters on a real capture', () => {
  it('selects the kube-dns answers of the bookinfo ratings pod', async () => {
    const flows: Obj[] = [];
    for await (const r of readCapture(path.join(__dirname, 'testdata/hubble-otel_basic-sample-400-udp-flows.json'))) flows.push(r.flow as Obj);
    const predicate = compileFlowFilters([{ source_label: ['k8s:k8s-app=kube-dns'], destination_pod: ['bookinfo/ratings-'], protocol: ['dns'], reply: [true] }]);
    const selected = flows.filter(predicate);
    expect(selected.length).toBeGreaterThan(10);
    for (const f of selected) {
      expect((f.destination as Obj).pod_name).toMatch(/^ratings-/);
      expect((f.l7 as Obj).type).toBe('RESPONSE');
    }
    const redirected = flows.filter(compileFlowFilters([{ verdict: ['REDIRECTED'], event_type: [{ type: 5 }], traffic_direction: ['EGRESS'] }]));
    expect(redirected.length).toBe(30);
  });
});
