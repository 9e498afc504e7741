import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { extractFindings } from '../findings/extract-findings';
import { dnsFlow, flowBetween } from '../testing/flow-builders';
import { expectValidCnp, expectValidCnpYaml } from '../testing/cnp-schema';
import { defaultDenyCcnp, defaultDenyCcnpYaml } from './default-deny-ccnp';
import { detectClusterResolvers } from './detect-cluster-resolvers';
import { source } from './testdata/source';

const coredns = { labels: { 'app.kubernetes.io/name': 'coredns' } };

describe('defaultDenyCcnp (rollout step 8, docs/cnp-semantics.md §11)', () => {
  it('selects every namespace but kube-system and allows DNS to the resolver in the same resource', () => {
    const policy = defaultDenyCcnp();
    expectValidCnp(policy);
    expect(defaultDenyCcnpYaml(policy)).toBe(source`
      # Cluster-wide default-deny (Lockstep rollout step 8). Apply it after every namespace enforces its own policies.
      ---
      apiVersion: cilium.io/v2
      kind: CiliumClusterwideNetworkPolicy
      metadata:
        name: lockstep-default-deny
      spec:
        description: "Lockstep rollout step 8: default-deny for every namespace except kube-system; DNS to the cluster resolvers is allowed in the same policy."
        endpointSelector:
          matchExpressions:
            - key: io.kubernetes.pod.namespace
              operator: NotIn
              values:
                - kube-system
        egress:
          - toEndpoints:
              - matchLabels:
                  k8s:io.kubernetes.pod.namespace: kube-system
                  k8s:k8s-app: kube-dns
            toPorts:
              - ports:
                  - port: "53"
                    protocol: UDP
                  - port: "53"
                    protocol: TCP
                rules:
                  dns:
                    - matchPattern: "*"
        ingress:
          - {}
    `);
  });

  it('uses the detected resolvers: endpoints get their namespace label, node-local and cloud DNS their own rules', () => {
    const flows = [
      dnsFlow('shop/shop', 'dns-system/coredns', 'api.github.com', [], { destination: coredns }),
      flowBetween('shop/shop', 'reserved:world', { port: 443, destinationNames: ['api.github.com'] }),
      flowBetween('web/web', 'reserved:host', { port: 53, protocol: 'UDP' }),
      flowBetween('web/web', 'reserved:world', { port: 53, protocol: 'UDP', destinationIp: '169.254.169.254' }),
      // Same namespace as its client: the peer selector has no namespace label, the CCNP must add it.
      flowBetween('dns-system/client', 'dns-system/coredns', { port: 53, protocol: 'TCP', destination: coredns }),
    ];
    const detected = detectClusterResolvers(extractFindings(flows).findings);
    expect(detected.source).toBe('detected');
    const policy = defaultDenyCcnp({ resolvers: detected.resolvers });
    expectValidCnp(policy);
    expect(policy.spec?.egress).toEqual([
      { toEndpoints: [{ matchLabels: { 'k8s:app.kubernetes.io/name': 'coredns', 'k8s:io.kubernetes.pod.namespace': 'dns-system' } }], toPorts: expect.any(Array) },
      { toEntities: ['host'], toPorts: expect.any(Array) },
      { toCIDR: ['169.254.169.254/32'], toPorts: expect.any(Array) },
    ]);
    for (const rule of policy.spec!.egress!) expect(rule.toPorts![0].rules).toEqual({ dns: [{ matchPattern: '*' }] });
  });

  it('falls back to kube-dns when no DNS was recorded, and says so in the YAML', () => {
    const detected = detectClusterResolvers(extractFindings([flowBetween('shop/shop', 'shop/db', { port: 5432 })]).findings);
    expect(detected).toMatchObject({ source: 'fallback', findingIds: [] });
    const yaml = defaultDenyCcnpYaml(defaultDenyCcnp({ resolvers: detected.resolvers }), { detection: detected });
    expect(yaml).toContain('the resolver is the conventional kube-dns. Check it before merging.');
    expectValidCnpYaml(yaml);
  });

  it('takes options: name, excluded namespaces, egress-only; deterministic whatever the input order', () => {
    const policy = defaultDenyCcnp({ name: 'baseline', excludedNamespaces: ['monitoring', 'kube-system', 'monitoring'], denyIngress: false });
    expectValidCnp(policy);
    expect(policy.metadata.name).toBe('baseline');
    expect(policy.spec?.ingress).toBeUndefined();
    expect(policy.spec?.endpointSelector?.matchExpressions?.[0].values).toEqual(['kube-system', 'monitoring']);
    const a = defaultDenyCcnp({ resolvers: [{ kind: 'cidr', cidr: '10.0.0.10/32' }, { kind: 'entity', entity: 'host' }] });
    const b = defaultDenyCcnp({ resolvers: [{ kind: 'entity', entity: 'host' }, { kind: 'cidr', cidr: '10.0.0.10/32' }] });
    expect(a).toEqual(b);
    expect(parseAllDocuments(defaultDenyCcnpYaml(a))).toHaveLength(1);
  });
});
