import { Document } from 'yaml';
import { CILIUM_API_VERSION, type CiliumNetworkPolicy, type EgressRule, type PortRule } from '../policy/cnp-types';
import { FALLBACK_CLUSTER_RESOLVER, type ClusterResolver } from '../policy/detect-cluster-resolvers';
import { YAML_OUTPUT_OPTIONS } from '../policy/to-yaml';

/** `metadata.name` of the step-3 namespace policy. */
export const NAMESPACE_DEFAULT_DENY_NAME = 'lockstep-default-deny';

function dnsPorts(): PortRule[] {
  return [{ ports: [{ port: '53', protocol: 'UDP' }, { port: '53', protocol: 'TCP' }], rules: { dns: [{ matchPattern: '*' }] } }];
}

function dnsEgress(resolvers: readonly ClusterResolver[]): EgressRule[] {
  const endpoints = resolvers.filter((r) => r.kind === 'endpoint');
  const entities = [...new Set(resolvers.flatMap((r) => (r.kind === 'entity' ? [r.entity] : [])))].sort();
  const cidrs = [...new Set(resolvers.flatMap((r) => (r.kind === 'cidr' ? [r.cidr] : [])))].sort();
  const rules: EgressRule[] = [];
  if (endpoints.length) rules.push({ toEndpoints: endpoints.map((r) => ({ matchLabels: { ...r.selector } })), toPorts: dnsPorts() });
  if (entities.length) rules.push({ toEntities: entities, toPorts: dnsPorts() });
  if (cidrs.length) rules.push({ toCIDR: cidrs, toPorts: dnsPorts() });
  return rules;
}

/**
 * Step 3's companion: a CiliumNetworkPolicy selecting every pod of the namespace with ingress and egress
 * default-deny (`ingress: [{}]`, docs/cnp-semantics.md §10) and DNS allowed in the same resource (§7, §11), so that audit
 * mode has something to report (§24). Deterministic.
 */
export function namespaceDefaultDenyCnp(namespace: string, resolvers: readonly ClusterResolver[] = []): CiliumNetworkPolicy {
  return {
    apiVersion: CILIUM_API_VERSION,
    kind: 'CiliumNetworkPolicy',
    metadata: { name: NAMESPACE_DEFAULT_DENY_NAME, namespace },
    spec: {
      description: `Lockstep rollout step 3: every pod of ${namespace} in default-deny, DNS allowed. In audit mode it reports what a policy must allow.`,
      endpointSelector: {},
      ingress: [{}],
      egress: dnsEgress(resolvers.length ? resolvers : [FALLBACK_CLUSTER_RESOLVER]),
    },
  };
}

/** The policy as a YAML document with a comment on when to apply it. */
export function namespaceDefaultDenyYaml(namespace: string, resolvers: readonly ClusterResolver[] = []): string {
  const doc = new Document(namespaceDefaultDenyCnp(namespace, resolvers));
  doc.directives!.docStart = true;
  doc.commentBefore = ' Ship with policyAuditMode: true. Audit mode only reports endpoints some policy selects: this one selects them all.';
  return doc.toString(YAML_OUTPUT_OPTIONS);
}
