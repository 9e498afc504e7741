/**
 * Findings: AUDIT (and "blocked now") policy verdicts grouped into the rule each one is missing.
 * A finding is keyed by (subject namespace + stable selector, direction, peer, port, protocol).
 */
import type { Flow } from '../flow/flow';
import type { Entity } from '../cilium/entities';
import type { FindingTiming } from './finding-timing';

/** The direction whose policy is missing a rule: INGRESS → the destination's, EGRESS → the source's. */
export type FindingDirection = 'INGRESS' | 'EGRESS';

/** Protocols a finding can carry. For ICMP the finding's `port` is the ICMP type. */
export type FindingProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ICMPv4' | 'ICMPv6';

/** The workload whose policy needs the rule. */
export interface FindingSubject {
  namespace: string;
  /** Stable selector, bare label keys (e.g. `{'app.kubernetes.io/name': 'blog'}`): the endpointSelector. */
  selector: Record<string, string>;
  /** Display name: the controller name when valid, else the selector value. */
  workload: string;
  /** Every valid `k8s:` label shared by the pods seen (namespace label included): used to find selecting policies. */
  labels: Record<string, string>;
  /** Set when the workload has no stable label: `selector` is empty and no rule can select it. */
  unselectable?: Unselectable;
}

/**
 * What is known about a workload without a stable label (no key of the label priority, or only unstable ones such
 * as `pod-template-hash` or `run`): it still gets findings, identified by these, but no rule can select it.
 */
export interface Unselectable {
  /** The pod name without its replica suffix (or the controller name when Hubble knows one). */
  workload: string;
  /** One pod name seen. */
  pod: string;
  /** Security identity seen (0 when unknown). */
  identity: number;
  /** The owning controller's kind, or `''` for a bare pod (no `workloads`). */
  controllerKind: string;
}

/** A pod peer. `selector` is the ready-to-use `matchLabels` (with `k8s:` keys; namespace only cross-namespace). */
export interface EndpointPeer {
  kind: 'endpoint';
  namespace: string;
  workload: string;
  selector: Record<string, string>;
  /** Set when the peer has no stable label: `selector` is empty and no rule can name it. */
  unselectable?: Unselectable;
}

/** A reserved identity peer (`world-ipv4`/`world-ipv6` fold into `world`). */
export interface EntityPeer {
  kind: 'entity';
  entity: Entity;
}

/** A world peer with DNS names (`destination_names`), egress only. Names sorted, lowercase, no trailing dot. */
export interface FqdnPeer {
  kind: 'fqdn';
  names: string[];
}

/** A world peer without names: one address as `/32` or `/128`. */
export interface CidrPeer {
  kind: 'cidr';
  cidr: string;
}

/** Any peer. */
export type Peer = EndpointPeer | EntityPeer | FqdnPeer | CidrPeer;

/** A DNS resolver a workload must reach for its FQDN rules, and how Lockstep knows it. */
export interface DnsResolvers {
  /** Resolver peers relative to the subject's namespace (endpoint, entity such as host, or CIDR). */
  resolvers: Peer[];
  /** `observed`: this workload's DNS flows; `inferred`: other workloads' DNS flows; `fallback`: none captured. */
  source: 'observed' | 'inferred' | 'fallback';
}

/** One finding. */
export interface Finding {
  /** Short stable hash of {@link key}: the same traffic gets the same id in every run. */
  id: string;
  /** Canonical key (JSON). */
  key: string;
  subject: FindingSubject;
  direction: FindingDirection;
  peer: Peer;
  protocol: FindingProtocol;
  /** Destination (container) port; the ICMP type for ICMP. */
  port: number;
  /** Number of verdict events (new connections). */
  flows: number;
  /** Of which AUDIT verdicts. */
  auditFlows: number;
  /** Of which DROPPED/POLICY_DENIED verdicts in an enforcing namespace. */
  blockedFlows: number;
  /** True when some flow was really dropped (the namespace already enforces). */
  blockedNow: boolean;
  /** Flow times in ms since the epoch. */
  firstSeen: number;
  lastSeen: number;
  /** Nodes that reported the verdicts, sorted. */
  nodes: string[];
  /** The first few flows as evidence (bounded). */
  samples: Flow[];
  /** For FQDN peers: the resolvers the DNS companion rule must allow. */
  dns?: DnsResolvers;
  /** When the connections happened (bounded): evidence for triage. */
  timing?: FindingTiming;
}

/** Options of extraction. */
export interface FindingOptions {
  /**
   * Label keys tried in order to select a workload. Unstable keys (docs/cnp-semantics.md §6) are ignored.
   * Default: `['app.kubernetes.io/name', 'app', 'k8s-app', 'name']`.
   */
  labelPriority?: readonly string[];
  /** Keys added when the primary label does not tell two workloads apart. Default: `['app.kubernetes.io/instance']`. */
  disambiguationLabels?: readonly string[];
  /**
   * Namespaces already enforcing: their DROPPED/POLICY_DENIED verdicts become findings flagged `blockedNow`.
   * Default: every namespace (a POLICY_DENIED drop only happens where policy is enforced). `[]` turns it off.
   */
  enforcingNamespaces?: readonly string[];
  /** Flows kept as evidence per finding. Default: 5. */
  sampleSize?: number;
  /** Pod and node CIDRs: a world address inside them is never turned into a CIDR rule. Default: `[]`. */
  clusterCidrs?: readonly string[];
  /** Recent flow uuids remembered to drop duplicates (relay replays). Default: 4096. */
  dedupeWindow?: number;
}
