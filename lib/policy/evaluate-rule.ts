import type { CIDRRule, EgressRule, EndpointSelector, FQDNSelector, IngressRule, ServiceRule } from './cnp-types';
import type { RuleSection } from './evaluate-model';
import { compileSelector, scopePeerSelector, type PolicyScope } from './selector-compile';
import { selectorMatches, type CompiledSelector } from './selector-matches';
import { cidrContains, compileCidr, type CompiledCidr, type IpAddress } from './selector-cidr';
import { compileFqdnSelector, fqdnsMatch, type FqdnMatcher } from './selector-fqdn';
import { compilePorts, type CompiledPorts } from './selector-ports';
import { entityMatches, type EndpointInfo } from './selector-entities';

/** One allow or deny rule compiled for evaluation. Peer selectors are ORed; L4 constraints apply to all of them. */
export interface CompiledRule {
  section: RuleSection;
  index: number;
  /** e.g. `spec/egress[1]`. */
  path: string;
  endpoints: readonly CompiledSelector[];
  entities: readonly string[];
  cidrs: readonly CompiledCidr[];
  fqdns: readonly FqdnMatcher[];
  services: readonly { name: string; namespace: string }[];
  /** No L3 field but `toPorts`/`icmps`: every peer (CRD: "nil ToEndpoints is implicitly a wildcard"). */
  wildcard: boolean;
  ports: CompiledPorts;
  /**
   * Some peer list is present but empty (`toEndpoints: []`, entities, CIDR, CIDRSet, nodes): Cilium's
   * `mergeEndpointSelectors` then selects no peer for the whole rule (rule 30). `toFQDNs: []` is not part of that
   * check (rule 32).
   */
  selectsNothing: boolean;
  /** The local cluster's name, for the `cluster` entity (rule 31). */
  clusterName: string;
  /** Fields present but not evaluated (`fromNodes`, `toGroups`, `cidrGroupRef`, ...): they match nothing here. */
  unsupported: readonly string[];
}

/** The peer side of a flow as rules see it. */
export interface FlowPeer {
  info: EndpointInfo;
  ip: IpAddress | undefined;
  /** Normalised DNS names of the peer (egress: `destination_names`). */
  names: readonly string[];
  service: { name: string; namespace: string } | undefined;
}

type AnyRule = IngressRule & EgressRule;

const L3_FIELDS: readonly (keyof AnyRule)[] = [
  'fromEndpoints', 'fromEntities', 'fromCIDR', 'fromCIDRSet', 'fromNodes', 'fromGroups',
  'toEndpoints', 'toEntities', 'toCIDR', 'toCIDRSet', 'toFQDNs', 'toServices', 'toNodes', 'toGroups',
];
/** Lists that select nothing when present but empty (`mergeEndpointSelectors`); `toFQDNs` is not one of them. */
const EMPTY_MEANS_NOTHING: readonly (keyof AnyRule)[] = [
  'fromEndpoints', 'fromNodes', 'fromEntities', 'fromCIDR', 'fromCIDRSet',
  'toEndpoints', 'toNodes', 'toEntities', 'toCIDR', 'toCIDRSet',
];
const UNSUPPORTED_FIELDS: readonly (keyof AnyRule)[] = ['fromNodes', 'fromGroups', 'fromRequires', 'toNodes', 'toGroups', 'toRequires'];

/**
 * Compiles one rule of `section`. Peer selectors are scoped per {@link scopePeerSelector}; an empty rule `{}`
 * (the default-deny idiom, §10) and empty lists (`toEndpoints: []`) select nothing. A rule whose peer lists
 * are all absent or empty `toFQDNs`/`toServices` but which has `toPorts`/`icmps` is L4-only: every peer on
 * those ports (Cilium treats an empty L3 selector slice as the wildcard in L4 filters, rule 32).
 */
export function compileRule(rule: IngressRule | EgressRule, section: RuleSection, index: number, specPath: string, scope: PolicyScope): CompiledRule {
  const r = (rule ?? {}) as AnyRule;
  const unsupported: string[] = UNSUPPORTED_FIELDS.filter((field) => r[field] !== undefined && r[field] !== null);
  const selectors: EndpointSelector[] = [...(r.fromEndpoints ?? []), ...(r.toEndpoints ?? [])];
  const cidrRules: CIDRRule[] = [
    ...[...(r.fromCIDR ?? []), ...(r.toCIDR ?? [])].map((cidr) => ({ cidr: String(cidr) })),
    ...(r.fromCIDRSet ?? []),
    ...(r.toCIDRSet ?? []),
  ];
  const cidrs: CompiledCidr[] = [];
  for (const cidrRule of cidrRules) {
    const compiled = cidrRule.cidr ? compileCidr(cidrRule.cidr, cidrRule.except ?? []) : undefined;
    if (compiled) cidrs.push(compiled);
    else unsupported.push(cidrRule.cidrGroupRef ? 'cidrGroupRef' : 'cidrGroupSelector');
  }
  const hasL3 = L3_FIELDS.some((field) => Array.isArray(r[field]) && (r[field] as unknown[]).length > 0);
  const selectsNothing = EMPTY_MEANS_NOTHING.some((field) => Array.isArray(r[field]) && (r[field] as unknown[]).length === 0);
  const hasL4 = (r.toPorts?.length ?? 0) > 0 || (r.icmps?.length ?? 0) > 0;
  return {
    section,
    index,
    path: `${specPath}/${section}[${index}]`,
    endpoints: selectors.map((s) => scopePeerSelector(compileSelector(s), scope)),
    entities: [...(r.fromEntities ?? []), ...(r.toEntities ?? [])].map(String),
    cidrs,
    fqdns: (r.toFQDNs ?? []).map((f: FQDNSelector) => compileFqdnSelector(f)).filter((m): m is FqdnMatcher => m !== undefined),
    services: compileServices(r.toServices ?? [], scope, unsupported),
    wildcard: !hasL3 && hasL4 && !selectsNothing,
    selectsNothing,
    clusterName: scope.clusterName ?? 'default',
    ports: compilePorts(r.toPorts, r.icmps),
    unsupported,
  };
}

/** True when the rule's L3 part (selectors, entities, CIDRs, FQDNs, services) covers the peer. */
export function ruleMatchesPeer(rule: CompiledRule, peer: FlowPeer): boolean {
  if (rule.selectsNothing) return false;
  if (rule.wildcard) return true;
  const info = peer.info;
  for (const selector of rule.endpoints) if (selectorMatches(selector, info.labels)) return true;
  for (const entity of rule.entities) if (entityMatches(entity, info, rule.clusterName)) return true;
  // CIDR and FQDN rules only apply to peers outside the cluster (§14, CRD `toCIDR`); a peer Hubble could not
  // identify at all (no labels, identity 0: field-masked exports) is judged by its address.
  const outside = info.isWorld || (!info.isPod && info.entities.size === 0);
  if (outside && peer.ip) for (const cidr of rule.cidrs) if (cidrContains(cidr, peer.ip)) return true;
  if (outside && rule.fqdns.length > 0 && fqdnsMatch(rule.fqdns, peer.names)) return true;
  if (peer.service) {
    for (const s of rule.services) if (s.name === peer.service.name && s.namespace === peer.service.namespace) return true;
  }
  return false;
}

function compileServices(services: readonly ServiceRule[], scope: PolicyScope, unsupported: string[]) {
  const out: { name: string; namespace: string }[] = [];
  for (const service of services) {
    const ref = service.k8sService;
    if (ref?.serviceName) out.push({ name: ref.serviceName, namespace: ref.namespace ?? scope.namespace ?? '' });
    else unsupported.push('k8sServiceSelector');
  }
  return out;
}
