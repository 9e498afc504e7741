import { Document } from 'yaml';
import { CILIUM_API_VERSION, type CiliumClusterwideNetworkPolicy, type EgressRule, type PortRule, type Rule } from './cnp-types';
import { FALLBACK_CLUSTER_RESOLVER, type ClusterResolver, type ClusterResolvers } from './detect-cluster-resolvers';
import { YAML_OUTPUT_OPTIONS } from './to-yaml';

/** Options of {@link defaultDenyCcnp}. */
export interface DefaultDenyCcnpOptions {
  /** The resolvers DNS may reach (see `detectClusterResolvers`). Default: kube-system `k8s-app=kube-dns`. */
  resolvers?: readonly ClusterResolver[];
  /** `metadata.name`. Default: `lockstep-default-deny`. */
  name?: string;
  /** Namespaces the policy leaves alone. Default: `['kube-system']`. */
  excludedNamespaces?: readonly string[];
  /**
   * Also default-deny ingress (`ingress: [{}]`, Cilium's deny-all idiom, docs/cnp-semantics.md §10). Without it only
   * egress flips to default-deny (§11). Default: true.
   */
  denyIngress?: boolean;
}

/** `metadata.name` of the rollout's step-8 policy. */
export const DEFAULT_DENY_CCNP_NAME = 'lockstep-default-deny';

const NAMESPACE_KEY = 'io.kubernetes.pod.namespace';

/** DNS on 53/UDP and 53/TCP through the DNS proxy: `rules.dns` is what lets `toFQDNs` rules learn addresses (§15). */
function dnsPorts(): PortRule[] {
  return [{ ports: [{ port: '53', protocol: 'UDP' }, { port: '53', protocol: 'TCP' }], rules: { dns: [{ matchPattern: '*' }] } }];
}

/** One egress rule per resolver kind, in a fixed order (endpoints, entities, CIDRs). */
function dnsEgress(resolvers: readonly ClusterResolver[]): EgressRule[] {
  const rules: EgressRule[] = [];
  const endpoints = resolvers.filter((r) => r.kind === 'endpoint');
  const entities = resolvers.flatMap((r) => (r.kind === 'entity' ? [r.entity] : []));
  const cidrs = resolvers.flatMap((r) => (r.kind === 'cidr' ? [r.cidr] : []));
  if (endpoints.length) rules.push({ toEndpoints: endpoints.map((r) => ({ matchLabels: sortedLabels(r.selector) })), toPorts: dnsPorts() });
  if (entities.length) rules.push({ toEntities: [...new Set(entities)].sort(), toPorts: dnsPorts() });
  if (cidrs.length) rules.push({ toCIDR: [...new Set(cidrs)].sort(), toPorts: dnsPorts() });
  return rules;
}

function sortedLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Rollout step 8: a CiliumClusterwideNetworkPolicy that puts every namespace but kube-system into default-deny,
 * with DNS to the detected resolvers allowed IN THE SAME RESOURCE, so lookups never break between two applies
 * (docs/cnp-semantics.md §11). Pure and deterministic; valid against the `cilium.io/v2` CRD.
 */
export function defaultDenyCcnp(options: DefaultDenyCcnpOptions = {}): CiliumClusterwideNetworkPolicy {
  const resolvers = options.resolvers?.length ? options.resolvers : [FALLBACK_CLUSTER_RESOLVER];
  const excluded = [...new Set(options.excludedNamespaces ?? ['kube-system'])].sort();
  const denyIngress = options.denyIngress ?? true;
  const spec: Rule = {
    description: `Lockstep rollout step 8: default-deny for every namespace except ${excluded.join(', ') || 'none'}; DNS to the cluster resolvers is allowed in the same policy.`,
    endpointSelector: excluded.length ? { matchExpressions: [{ key: NAMESPACE_KEY, operator: 'NotIn', values: excluded }] } : {},
    egress: dnsEgress(resolvers),
  };
  if (denyIngress) spec.ingress = [{}];
  return { apiVersion: CILIUM_API_VERSION, kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: options.name ?? DEFAULT_DENY_CCNP_NAME }, spec };
}

/** Options of {@link defaultDenyCcnpYaml}. */
export interface DefaultDenyCcnpYamlOptions {
  /** Where the resolvers came from: said in the document's comment. Default: none. */
  detection?: Pick<ClusterResolvers, 'source'>;
}

/** The policy as one YAML document (opened by `---`), with a comment that says how the resolvers were found. */
export function defaultDenyCcnpYaml(policy: CiliumClusterwideNetworkPolicy, options: DefaultDenyCcnpYamlOptions = {}): string {
  const doc = new Document(policy);
  doc.directives!.docStart = true;
  const how =
    options.detection?.source === 'fallback'
      ? ' No DNS traffic was recorded: the resolver is the conventional kube-dns. Check it before merging.'
      : options.detection?.source === 'detected'
        ? ' DNS resolvers as seen answering in the recorded flows.'
        : '';
  doc.commentBefore = ` Cluster-wide default-deny (Lockstep rollout step 8). Apply it after every namespace enforces its own policies.${how}`;
  return doc.toString(YAML_OUTPUT_OPTIONS);
}
