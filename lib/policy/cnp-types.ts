/**
 * TypeScript shapes of CiliumNetworkPolicy (CNP) and CiliumClusterwideNetworkPolicy (CCNP), `cilium.io/v2`.
 *
 * Field names and types follow the CRD openAPIV3Schema in `lib/policy/testdata/crds/` (cilium/cilium main
 * 711821bf, 1.20.0-dev). Only fields Lockstep reads or writes are typed precisely; TLS, listener, auth, groups and
 * node selectors are kept loose so documents parsed from users' files still type-check. Shared by the
 * synthesizer (`synthesize.ts`), the merger, the evaluator (`evaluate*.ts`) and the linter (`lib/lint/`).
 */

import type { Entity } from '../cilium/entities';

/** `apiVersion` of every Cilium policy object. */
export const CILIUM_API_VERSION = 'cilium.io/v2';

/** A selector requirement operator (`matchExpressions[].operator`). */
export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** One `matchExpressions` entry. `values` is required for In/NotIn, absent for Exists/DoesNotExist. */
export interface LabelSelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values?: string[];
}

/**
 * A Cilium `EndpointSelector` (a Kubernetes LabelSelector). Keys may carry a source prefix (`k8s:app`), which
 * matches the same as the bare key (docs/cnp-semantics.md §5). `{}` selects every endpoint in scope.
 */
export interface EndpointSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** A `CIDRRule` (`fromCIDRSet`/`toCIDRSet`): exactly one of `cidr`, `cidrGroupRef`, `cidrGroupSelector`. */
export interface CIDRRule {
  cidr?: string;
  cidrGroupRef?: string;
  cidrGroupSelector?: EndpointSelector;
  except?: string[];
}

/** L4 protocols accepted by `toPorts[].ports[].protocol`. Absent means ANY. */
export type PortProtocol = 'TCP' | 'UDP' | 'SCTP' | 'VRRP' | 'IGMP' | 'GRE' | 'IPIP' | 'IPV6' | 'ESP' | 'AH' | 'ANY';

/**
 * A `PortProtocol` entry. `port` is a STRING in the CRD: a number `"0"`..`"65535"` or a named port (`"http"`).
 * `endPort` (integer) makes `port..endPort` a range; L3/L4 only.
 */
export interface PortProtocolEntry {
  port?: string;
  endPort?: number;
  protocol?: PortProtocol;
}

/** A DNS L7 rule (`rules.dns[]`) or a `toFQDNs` entry: exactly one of `matchName` / `matchPattern`. */
export type FQDNSelector = { matchName?: string; matchPattern?: string };

/** An HTTP L7 rule (`rules.http[]`). Lockstep never emits these (audit mode does not cover L7). */
export interface PortRuleHTTP {
  method?: string;
  path?: string;
  host?: string;
  headers?: string[];
  headerMatches?: { name: string; value?: string; mismatch?: string; secret?: { name: string; namespace?: string } }[];
}

/** `toPorts[].rules`: at most one of `http` / `dns` (the CRD has no kafka in 1.20). */
export type L7Rules = { dns?: FQDNSelector[]; http?: PortRuleHTTP[] };

/** A `PortRule` (`toPorts[]`). TLS / listener fields exist upstream but are opaque here. */
export interface PortRule {
  ports?: PortProtocolEntry[];
  rules?: L7Rules;
  serverNames?: string[];
  [opaque: string]: unknown;
}

/** ICMP families (`icmps[].fields[].family`); the CRD default is IPv4. */
export type ICMPFamily = 'IPv4' | 'IPv6';

/** One `icmps[].fields[]` entry; `type` is a number 0..255 or a name such as `EchoRequest`. */
export type ICMPField = { family?: ICMPFamily; type: number | string };

/** An `ICMPRule` (`icmps[]`). */
export type ICMPRule = { fields: ICMPField[] };

/** A `toServices[]` entry. Never combine with `toPorts` (docs/cnp-semantics.md §16). */
export interface ServiceRule {
  k8sService?: { serviceName?: string; namespace?: string };
  k8sServiceSelector?: { selector: EndpointSelector; namespace?: string };
}

/** An ingress allow rule (`spec.ingress[]`). An empty object `{}` is the default-deny idiom (§10). */
export interface IngressRule {
  fromEndpoints?: EndpointSelector[];
  fromEntities?: Entity[];
  fromCIDR?: string[];
  fromCIDRSet?: CIDRRule[];
  fromRequires?: string[];
  fromNodes?: EndpointSelector[];
  fromGroups?: unknown[];
  toPorts?: PortRule[];
  icmps?: ICMPRule[];
  authentication?: { mode: 'disabled' | 'required' | 'test-always-fail' };
}

/** An egress allow rule (`spec.egress[]`). `toFQDNs` cannot share a rule with `toEndpoints`/`toCIDR` (§15). */
export interface EgressRule {
  toEndpoints?: EndpointSelector[];
  toEntities?: Entity[];
  toCIDR?: string[];
  toCIDRSet?: CIDRRule[];
  toFQDNs?: FQDNSelector[];
  toServices?: ServiceRule[];
  toRequires?: string[];
  toNodes?: EndpointSelector[];
  toGroups?: unknown[];
  toPorts?: PortRule[];
  icmps?: ICMPRule[];
  authentication?: { mode: 'disabled' | 'required' | 'test-always-fail' };
}

/** An ingress deny rule: like {@link IngressRule} without L7 (`toPorts[].rules`) or authentication. */
export type IngressDenyRule = Omit<IngressRule, 'authentication'>;

/** An egress deny rule: no L7, no `toFQDNs` (§9). */
export type EgressDenyRule = Omit<EgressRule, 'authentication' | 'toFQDNs'>;

/** A label attached to a rule (`spec.labels[]`). */
export type RuleLabel = { key: string; value?: string; source?: string };

/**
 * A policy rule (`spec` or one item of `specs`). Exactly one of `endpointSelector` / `nodeSelector`; at least
 * one of the four rule lists (CRD `oneOf`/`anyOf`).
 */
export interface Rule {
  endpointSelector?: EndpointSelector;
  nodeSelector?: EndpointSelector;
  ingress?: IngressRule[];
  ingressDeny?: IngressDenyRule[];
  egress?: EgressRule[];
  egressDeny?: EgressDenyRule[];
  /** Cilium ≥ 1.16. Absent direction = true (a rule in that direction flips default deny on). */
  enableDefaultDeny?: { ingress?: boolean; egress?: boolean };
  description?: string;
  labels?: RuleLabel[];
  log?: { value?: string };
}

/** `metadata` as far as policies use it. */
export interface PolicyMetadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [other: string]: unknown;
}

/** Kinds of Cilium policy objects. */
export type CiliumPolicyKind = 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy';

/** Fields common to CNP and CCNP. The CRD requires `spec` or `specs`. */
interface CiliumPolicyBase<K extends CiliumPolicyKind> {
  apiVersion: typeof CILIUM_API_VERSION;
  kind: K;
  metadata: PolicyMetadata;
  spec?: Rule;
  specs?: Rule[];
}

/** A namespaced CiliumNetworkPolicy: selectors apply within `metadata.namespace` (§1, §2). */
export type CiliumNetworkPolicy = CiliumPolicyBase<'CiliumNetworkPolicy'>;

/** A cluster-scoped CiliumClusterwideNetworkPolicy: no namespace; peers match every namespace unless named (§4). */
export type CiliumClusterwideNetworkPolicy = CiliumPolicyBase<'CiliumClusterwideNetworkPolicy'>;

/** Either Cilium policy kind. */
export type CiliumPolicy = CiliumNetworkPolicy | CiliumClusterwideNetworkPolicy;

/** The rules of a policy object: `spec` then `specs`, in document order. */
export function policyRules(policy: CiliumPolicy): Rule[] {
  return [...(policy.spec ? [policy.spec] : []), ...(policy.specs ?? [])];
}

/** True for an object that looks like a Cilium policy (apiVersion + kind), e.g. a parsed YAML document. */
export function isCiliumPolicy(value: unknown): value is CiliumPolicy {
  if (!value || typeof value !== 'object') return false;
  const v = value as { apiVersion?: unknown; kind?: unknown };
  return v.apiVersion === CILIUM_API_VERSION && (v.kind === 'CiliumNetworkPolicy' || v.kind === 'CiliumClusterwideNetworkPolicy');
}
