/**
 * Property-based tests (fast-check) of the evaluator's own invariants over generated policies and flows.
 * Generators stay inside what the evaluator models at L3/L4: pods of three namespaces, reserved peers, world
 * addresses, selectors with and without namespace labels, empty peer lists, ports, deny rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractFindings } from '../findings/extract-findings';
import type { Flow } from '../flow/flow';
import { flowBetween } from '../testing/flow-builders';
import type { CiliumPolicy, EgressRule, EndpointSelector, IngressRule, Rule } from './cnp-types';
import { compilePolicies } from './evaluate-compile';
import { evaluateFlow } from './evaluate-flow';
import { synthesizePolicies } from './synthesize';

const NAMESPACES = ['prod', 'shop', 'kube-system'] as const;
const APPS = ['web', 'api', 'db'] as const;
const PORTS = [53, 80, 443, 5432, 8080] as const;
const NAME = 'app.kubernetes.io/name';
const runs = { numRuns: 300 };

const namespace = fc.constantFrom(...NAMESPACES);
const app = fc.constantFrom(...APPS);
const pod = fc.tuple(namespace, app).map(([ns, a]) => ({ ref: `${ns}/${a}`, labels: { [NAME]: a } }));
const peer = fc.oneof(
  { weight: 4, arbitrary: pod },
  { weight: 1, arbitrary: fc.constantFrom('reserved:host', 'reserved:remote-node', 'reserved:world').map((ref) => ({ ref, labels: undefined })) },
);
const flow: fc.Arbitrary<Flow> = fc
  .record({ a: pod, b: peer, direction: fc.constantFrom('INGRESS' as const, 'EGRESS' as const), port: fc.constantFrom(...PORTS), protocol: fc.constantFrom('TCP' as const, 'UDP' as const) })
  .map(({ a, b, direction, port, protocol }) => {
    const [from, to] = direction === 'EGRESS' ? [a, b] : [b, a];
    const f = flowBetween(from.ref, to.ref, {
      direction, port, protocol, source: from.labels ? { labels: from.labels } : undefined, destination: to.labels ? { labels: to.labels } : undefined,
    });
    return { ...f, ip: { ...f.ip, source: addressOf(from.ref), destination: addressOf(to.ref) } };
  });

/** One address per endpoint: pods in 10.0.0.0/16, the node in 192.168.1.0/24, world outside both. */
function addressOf(ref: string): string {
  if (ref === 'reserved:world') return '203.0.113.7';
  if (ref.startsWith('reserved:')) return ref === 'reserved:host' ? '192.168.1.10' : '192.168.1.11';
  const [ns, a] = ref.split('/');
  return `10.0.${NAMESPACES.indexOf(ns as (typeof NAMESPACES)[number]) + 1}.${APPS.indexOf(a as (typeof APPS)[number]) + 10}`;
}

const selector: fc.Arbitrary<EndpointSelector> = fc.oneof(
  fc.constant({}),
  app.map((a) => ({ matchLabels: { [NAME]: a } })),
  fc.tuple(app, namespace).map(([a, ns]) => ({ matchLabels: { [NAME]: a, 'k8s:io.kubernetes.pod.namespace': ns } })),
  namespace.map((ns) => ({ matchLabels: { 'k8s:io.kubernetes.pod.namespace': ns } })),
);
const toPorts = fc.option(fc.constantFrom(...PORTS).map((port) => [{ ports: [{ port: String(port), protocol: 'TCP' as const }] }]), { nil: undefined });
const entity = fc.constantFrom('all', 'cluster', 'world', 'host', 'remote-node');
/** Peer fields of one rule, `from` or `to`, including explicitly empty lists. */
const peers = (dir: 'from' | 'to') =>
  fc.record(
    {
      [`${dir}Endpoints`]: fc.array(selector, { maxLength: 2 }),
      [`${dir}Entities`]: fc.array(entity, { maxLength: 2 }),
      [`${dir}CIDR`]: fc.array(fc.constantFrom('203.0.113.0/24', '10.0.0.0/8'), { maxLength: 1 }),
    },
    { requiredKeys: [] },
  );
const ingressRule: fc.Arbitrary<IngressRule> = fc.tuple(peers('from'), toPorts).map(([p, ports]) => ({ ...p, ...(ports ? { toPorts: ports } : {}) }));
const egressRule: fc.Arbitrary<EgressRule> = fc.tuple(peers('to'), toPorts).map(([p, ports]) => ({ ...p, ...(ports ? { toPorts: ports } : {}) }));
const spec: fc.Arbitrary<Rule> = fc.record(
  {
    endpointSelector: selector,
    ingress: fc.array(ingressRule, { maxLength: 2 }),
    egress: fc.array(egressRule, { maxLength: 2 }),
    ingressDeny: fc.array(ingressRule, { maxLength: 1 }),
    egressDeny: fc.array(egressRule, { maxLength: 1 }),
    enableDefaultDeny: fc.record({ ingress: fc.boolean(), egress: fc.boolean() }, { requiredKeys: [] }),
  },
  { requiredKeys: ['endpointSelector'] },
);
let serial = 0;
const policy: fc.Arbitrary<CiliumPolicy> = fc.tuple(fc.option(namespace, { nil: undefined }), spec).map(([ns, s]) =>
  ns === undefined
    ? { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: `ccnp-${serial++}` }, spec: s }
    : { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: `cnp-${serial++}`, namespace: ns }, spec: s },
);
const policySet = fc.array(policy, { maxLength: 4 });
const allowLocalhost = fc.constantFrom('always' as const, 'policy' as const);
const allowed = (set: CiliumPolicy[], f: Flow, mode: 'always' | 'policy') => evaluateFlow(f, compilePolicies(set, { cluster: { allowLocalhost: mode } })).allowed;

/** A policy that only adds allows: default-deny off in both directions (§8). */
const allowOnly = fc.tuple(namespace, selector, fc.array(ingressRule, { maxLength: 2 }), fc.array(egressRule, { maxLength: 2 })).map(
  ([ns, s, ingress, egress]): CiliumPolicy => ({
    apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'added-allow', namespace: ns },
    spec: { endpointSelector: s, ingress, egress, enableDefaultDeny: { ingress: false, egress: false } },
  }),
);
const denyOnly = fc.tuple(fc.option(namespace, { nil: undefined }), selector, fc.array(ingressRule, { minLength: 1, maxLength: 2 }), fc.array(egressRule, { maxLength: 2 })).map(
  ([ns, s, ingressDeny, egressDeny]): CiliumPolicy => ({
    apiVersion: 'cilium.io/v2', kind: ns ? 'CiliumNetworkPolicy' : 'CiliumClusterwideNetworkPolicy', metadata: { name: 'added-deny', ...(ns ? { namespace: ns } : {}) },
    spec: { endpointSelector: s, ingressDeny, egressDeny },
  }),
);

describe('evaluator properties (fast-check)', () => {
  it('adding an allow never turns an allowed flow into a denied one', () => {
    fc.assert(fc.property(policySet, allowOnly, flow, allowLocalhost, (set, added, f, mode) => !allowed(set, f, mode) || allowed([...set, added], f, mode)), runs);
  });

  it('adding a rule to a section that already has rules never denies an allowed flow', () => {
    fc.assert(
      fc.property(policySet, fc.nat(), ingressRule, egressRule, flow, allowLocalhost, (set, pick, inRule, outRule, f, mode) => {
        const extended = set.map((p, i) => {
          if (i !== pick % Math.max(set.length, 1) || !p.spec) return p;
          const s = p.spec;
          return { ...p, spec: { ...s, ...(s.ingress?.length ? { ingress: [...s.ingress, inRule] } : {}), ...(s.egress?.length ? { egress: [...s.egress, outRule] } : {}) } };
        });
        return !allowed(set, f, mode) || allowed(extended, f, mode);
      }),
      runs,
    );
  });

  it('adding a deny never allows a denied flow', () => {
    fc.assert(fc.property(policySet, denyOnly, flow, allowLocalhost, (set, added, f, mode) => allowed(set, f, mode) || !allowed([...set, added], f, mode)), runs);
  });

  it('CNP subjects never leave the policy namespace, whatever the endpointSelector names', () => {
    fc.assert(
      fc.property(fc.array(policy, { minLength: 1, maxLength: 4 }), flow, (set, f) => {
        const cnps = set.filter((p) => p.kind === 'CiliumNetworkPolicy');
        const verdict = evaluateFlow(f, compilePolicies(cnps, { cluster: { allowLocalhost: 'policy' } }));
        const subject = f.trafficDirection === 'INGRESS' ? f.destination : f.source;
        const selecting = cnps.filter((p) => p.metadata.namespace === subject.namespace);
        if (selecting.length === 0) expect(verdict.reason).toBe('no-policy-selects');
        if (verdict.policy) expect(verdict.policy.namespace).toBe(subject.namespace);
      }),
      runs,
    );
  });

  it('a rule with an explicitly empty peer list selects nothing', () => {
    const emptyField = fc.constantFrom('Endpoints', 'Entities', 'CIDR', 'CIDRSet', 'Nodes');
    fc.assert(
      fc.property(ingressRule, egressRule, emptyField, flow, (inRule, outRule, field, f) => {
        const set: CiliumPolicy[] = [{
          apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'empty' },
          spec: { endpointSelector: {}, ingress: [{ ...inRule, [`from${field}`]: [] }], egress: [{ ...outRule, [`to${field}`]: [] }] },
        }];
        expect(evaluateFlow(f, compilePolicies(set, { cluster: { allowLocalhost: 'policy' } }))).toMatchObject({ allowed: false, reason: 'default-deny' });
      }),
      runs,
    );
  });

  it('replaying a patch built from AUDIT flows allows every one of them', () => {
    const defaultDeny = (ns: string): CiliumPolicy => ({
      apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'default-deny', namespace: ns }, spec: { endpointSelector: {}, ingress: [{}], egress: [{}] },
    });
    fc.assert(
      fc.property(fc.array(flow, { minLength: 1, maxLength: 12 }), (flows) => {
        const existing = NAMESPACES.map(defaultDeny);
        const audit = flows.map((f, i) => ({ ...f, uuid: `audit-${i}` }));
        const suggested = synthesizePolicies(extractFindings(audit).findings).policies.map((p) => p.policy);
        const after = compilePolicies([...existing, ...suggested], { cluster: { allowLocalhost: 'policy' } });
        const stillDenied = audit.filter((f) => !evaluateFlow(f, after).allowed);
        expect(stillDenied.map((f) => `${f.trafficDirection} ${f.source.labels.find((l) => l.includes(NAME) || l.startsWith('reserved')) ?? ''} -> ${f.destination.labels.find((l) => l.includes(NAME) || l.startsWith('reserved')) ?? ''}`)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
