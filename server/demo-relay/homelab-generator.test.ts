import { describe, expect, it } from 'vitest';
import { createHomelabGenerator } from './homelab-generator';
import { toGetFlowsResponse, type GeneratedFlow } from './flow-template';
import { toRelayEvent } from '../hubble/to-flow';

// Wire objects in tests are read loosely; the translator under test does the typing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Wire = Record<string, any>;

const START = Date.UTC(2026, 10, 1, 10, 0, 0);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const generator = createHomelabGenerator({ seed: 42, startTimeMs: START, rate: 40 });
const generated: GeneratedFlow[] = generator.take(30_000);
const flows: Wire[] = generated.map((f) => toGetFlowsResponse(f).flow as Wire);
const podsByName = new Map(generator.model.pods.map((p) => [p.name, p]));
const rolloutOf = (endpoint: Wire) => generator.model.rollout.get(endpoint.namespace) ?? 'unselected';
const subjectOf = (f: Wire) => (f.traffic_direction === 'EGRESS' ? f.source : f.destination);
const workloadOf = (e: Wire) => (e.pod_name ? `${e.namespace}/${podsByName.get(e.pod_name)!.workload.name}` : (e.labels as string[]).join(','));
const policyVerdicts = flows.filter((f) => f.event_type.type === 5);

describe('homelab generator: determinism', () => {
  const sample = (seed: number) => createHomelabGenerator({ seed, startTimeMs: START, rate: 40 }).take(2000).map(toGetFlowsResponse);

  it('yields the same flows for the same seed, start time and rate', () => {
    expect(sample(42)).toEqual(generated.slice(0, 2000).map(toGetFlowsResponse));
  });

  it('yields different flows for another seed', () => {
    const other = sample(43);
    expect(other.map((r) => (r.flow as Wire).uuid)).not.toEqual(flows.slice(0, 2000).map((f) => f.uuid));
  });

  it('yields the same content when pulled in real time or in bulk', () => {
    const live = createHomelabGenerator({ seed: 42, startTimeMs: START, rate: 40 });
    const pulled: GeneratedFlow[] = [];
    for (let t = START; pulled.length < 3000; t += 137) pulled.push(...live.takeUntil(t));
    expect(pulled.slice(0, 3000).map(toGetFlowsResponse)).toEqual(generated.slice(0, 3000).map(toGetFlowsResponse));
    expect(live.takeUntil(START - 1)).toEqual([]);
  });

  it('emits flows in time order at about the requested rate', () => {
    for (let i = 1; i < generated.length; i++) expect(generated[i].timeUs).toBeGreaterThanOrEqual(generated[i - 1].timeUs);
    const seconds = (generated[generated.length - 1].timeUs - generated[0].timeUs) / 1e6;
    expect(generated.length / seconds).toBeGreaterThan(34);
    expect(generated.length / seconds).toBeLessThan(46);
    const fast = createHomelabGenerator({ seed: 1, startTimeMs: START, rate: 2000 }).take(20_000);
    const fastSeconds = (fast[fast.length - 1].timeUs - fast[0].timeUs) / 1e6;
    expect(20_000 / fastSeconds).toBeGreaterThan(1700);
    expect(20_000 / fastSeconds).toBeLessThan(2300);
  });
});

describe('homelab generator: realism', () => {
  it('fills the fields of a Hubble 1.19 flow', () => {
    const problems: string[] = [];
    const check = (ok: boolean, what: string, f: Wire) => {
      if (!ok && problems.length < 20) problems.push(`${what}: ${f.uuid}`);
    };
    for (const f of flows) {
      check(UUID_V4.test(f.uuid), 'uuid v4', f);
      check(f.time.seconds >= START / 1000 && f.time.nanos < 1e9, 'time', f);
      check(f.emitter.name === 'Hubble' && f.emitter.version === '1.19.4', 'emitter', f);
      check(f.IP.ipVersion === 'IPv4', 'ipVersion', f);
      check(/^homelab\/node-[123]$/.test(f.node_name), 'node_name', f);
      check(f.node_labels.includes(`kubernetes.io/hostname=${f.node_name.split('/')[1]}`), 'node_labels', f);
      check(!!(f.l4.TCP || f.l4.UDP || f.l4.ICMPv4), 'l4', f);
      check([1, 4, 5, 129].includes(f.event_type.type), 'event_type', f);
      for (const e of [f.source, f.destination]) {
        check(e.identity > 0 && e.labels.length > 0, 'identity and labels', f);
        check(e.labels.join('\n') === [...e.labels].sort().join('\n'), 'sorted labels', f);
        if (!e.pod_name) continue;
        const pod = podsByName.get(e.pod_name)!;
        check(e.cluster_name === 'homelab' && e.namespace === pod.namespace, 'cluster and namespace', f);
        check(e.labels.includes(`k8s:io.kubernetes.pod.namespace=${e.namespace}`), 'namespace label', f);
        // The local endpoint id is only known on the pod's own node.
        check((e.ID !== undefined) === (`homelab/${pod.node.name}` === f.node_name), 'ID only on the local node', f);
        check(pod.workload.kind === 'Pod' ? e.workloads === undefined : e.workloads[0].name === pod.workload.name, 'workloads', f);
      }
    }
    expect(problems).toEqual([]);
  });

  it('reports AUDIT only as type-5 policy verdicts of a new connection, at the selected end', () => {
    const audits = flows.filter((f) => f.verdict === 'AUDIT');
    expect(audits.length).toBeGreaterThan(50);
    for (const f of audits) {
      expect(f.event_type).toEqual({ type: 5 });
      expect(f.Type).toBe('L3_L4');
      expect(['INGRESS', 'EGRESS']).toContain(f.traffic_direction);
      expect(f.is_reply).toEqual({ value: false });
      expect(f.l4.TCP.flags).toEqual({ SYN: true });
      expect(f.Summary).toBe('TCP Flags: SYN');
      expect(f.policy_match_type).toBeUndefined();
      expect(f.trace_observation_point).toBeUndefined();
      const subject = subjectOf(f);
      expect(rolloutOf(subject)).toBe('audit');
      expect(f.node_name).toBe(`homelab/${podsByName.get(subject.pod_name)!.node.name}`);
      expect(subject.ID).toBeDefined();
    }
  });

  it('never reports AUDIT or policy verdicts for namespaces no policy selects', () => {
    for (const f of policyVerdicts) expect(rolloutOf(subjectOf(f))).not.toBe('unselected');
    expect(flows.filter((f) => f.verdict === 'AUDIT' && ['traefik', 'kube-system', 'monitoring'].includes(subjectOf(f).namespace))).toEqual([]);
  });

  it('drops uncovered connections in the enforcing namespace with POLICY_DENIED', () => {
    const dropped = flows.filter((f) => f.verdict === 'DROPPED');
    expect(dropped.length).toBeGreaterThan(0);
    for (const f of dropped) {
      expect(rolloutOf(subjectOf(f))).toBe('enforcing');
      expect(f.drop_reason_desc).toBe('POLICY_DENIED');
      expect([{ type: 5 }, { type: 1, sub_type: 133 }]).toContainEqual(f.event_type);
    }
    expect(dropped.filter((f) => f.event_type.type === 5).length).toBe(dropped.filter((f) => f.event_type.type === 1).length);
  });

  it('produces every declared finding, and only those', () => {
    const declared = new Set(generator.model.connections.flatMap((c) => (c.uncovered ?? []).map((d) => `${c.from.replace(/\[\d+\]$/, '')}>${c.to.replace(/\[\d+\]$/, '')}:${c.port}/${d}`)));
    const seen = new Set<string>();
    for (const f of policyVerdicts.filter((v) => v.verdict === 'AUDIT' || v.verdict === 'DROPPED')) {
      const to = f.destination.pod_name ? workloadOf(f.destination) : `world:${f.IP.destination}`;
      const port = f.l4.TCP.destination_port;
      const key = `${workloadOf(f.source)}>${to}:${port}/${f.traffic_direction.toLowerCase()}`;
      seen.add(key.replace(/world:34\.120\.177\.193/, 'world:34.120.177.193').replace(/world:185\.199\.\d+\.133/, 'fqdn:raw.githubusercontent.com'));
    }
    expect([...seen].sort()).toEqual([...declared].sort());
  });

  it('reports policy verdicts at the source for egress and at the destination for ingress, both for two selected pods', () => {
    const webappToPostgres = policyVerdicts.filter((f) => f.source.pod_name?.startsWith('webapp-') && f.destination.pod_name === 'postgres-0' && f.l4.TCP?.destination_port === 5432);
    const byDirection = (d: string) => webappToPostgres.filter((f) => f.traffic_direction === d);
    expect(byDirection('EGRESS').length).toBeGreaterThan(0);
    expect(byDirection('EGRESS').length).toBe(byDirection('INGRESS').length);
    for (const f of byDirection('EGRESS')) {
      expect(f.verdict).toBe('FORWARDED');
      expect(f.egress_allowed_by[0]).toMatchObject({ name: 'webapp-policy', namespace: 'webapp', kind: 'CiliumNetworkPolicy' });
      expect(f.node_name).toBe(`homelab/${podsByName.get(f.source.pod_name)!.node.name}`);
    }
    for (const f of byDirection('INGRESS')) expect(f.ingress_allowed_by[0].name).toBe('webapp-db-policy');
  });

  it('flags replies and swaps their ports', () => {
    const traces = flows.filter((f) => f.event_type.type === 4);
    const replies = traces.filter((f) => f.is_reply.value);
    expect(replies.length).toBeGreaterThan(traces.length / 4);
    for (const f of replies) {
      expect(f.reply).toBe(true);
      expect(f.trace_reason).toBe('REPLY');
      if (f.l4.TCP) expect(f.l4.TCP.source_port).toBeLessThan(32768);
    }
    for (const f of traces.filter((t) => !t.is_reply.value)) {
      expect(['NEW', 'ESTABLISHED']).toContain(f.trace_reason);
      expect(['TO_ENDPOINT', 'TO_STACK', 'TO_PROXY']).toContain(f.trace_observation_point);
    }
    expect(policyVerdicts.filter((f) => f.verdict !== 'DROPPED').every((f) => f.is_reply.value === false)).toBe(true);
    const denied = policyVerdicts.filter((f) => f.verdict === 'DROPPED');
    expect(denied.length).toBeGreaterThan(0);
    // Cilium leaves is_reply unset on denied policy verdicts.
    for (const f of denied) expect(f.is_reply).toBeUndefined();
  });

  it('resolves names through CoreDNS before FQDN connections, so destination names match the answers', () => {
    const answers = new Map<string, { ips: string[]; time: number }>();
    let checked = 0;
    flows.forEach((f, i) => {
      if (f.event_type.type === 129) {
        expect(f.Type).toBe('L7');
        expect(f.l7.dns.query).toMatch(/\.$/);
        expect(f.l7.dns.qtypes).toEqual(['A']);
        if (f.l7.type === 'RESPONSE') {
          expect(f.is_reply).toEqual({ value: true });
          expect(f.source.labels).toContain('k8s:k8s-app=kube-dns');
          expect(f.l7.dns.ips.length).toBeGreaterThan(0);
          expect(f.l7.dns.rcode).toBeUndefined();
          answers.set(`${f.destination.pod_name}|${f.l7.dns.query}`, { ips: f.l7.dns.ips, time: generated[i].timeUs });
        } else expect(f.destination.labels).toContain('k8s:k8s-app=kube-dns');
      }
      if (f.destination_names && f.destination.labels.includes('reserved:world') && !f.is_reply?.value) {
        const answer = answers.get(`${f.source.pod_name}|${f.destination_names[0]}.`);
        expect(answer, `${f.source.pod_name} ${f.destination_names[0]}`).toBeDefined();
        expect(answer!.ips).toContain(f.IP.destination);
        expect(answer!.time).toBeLessThan(generated[i].timeUs);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(20);
    const github = flows.find((f) => f.destination_names?.[0] === 'api.github.com')!;
    expect(github.destination).toEqual({ identity: 16777217, labels: ['fqdn:*.github.com', 'reserved:world'] });
    const raw = flows.find((f) => f.destination_names?.[0] === 'raw.githubusercontent.com')!;
    expect(raw.destination).toEqual({ identity: 2, labels: ['reserved:world'] });
    const cdn = flows.find((f) => f.IP.destination === '151.101.65.91')!;
    expect(cdn.destination_names).toBeUndefined();
  });

  it('translates through toRelayEvent into Lockstep flows', () => {
    for (const f of generated.slice(0, 3000)) {
      const event = toRelayEvent(toGetFlowsResponse(f));
      expect(event.kind).toBe('flow');
      if (event.kind !== 'flow') continue;
      expect(event.flow.uuid).toBe(f.uuid);
      expect(event.flow.time).toBe(Math.floor(f.timeUs / 1000));
      expect(event.flow.nodeName).toBe(f.template.nodeName);
    }
  });
});
