/**
 * The vocabulary of the eight-step rollout checklist (shared/reference/rollout.md): what `buildChecklist` reads and
 * what it returns. Plain JSON data, so the same shapes cross the API to the browser.
 */
import type { ExistingPolicySource } from '../policy/suggested-policy';
import type { CiliumPolicy } from '../policy/cnp-types';
import type { ClusterResolver } from '../policy/detect-cluster-resolvers';
import type { RelayConnectionState } from '../live/types';
import type { VerdictCounts } from '../graph/graph';
import type { AuditWindowFacts } from '../rollout/audit-window/window-facts';

/** A step of the rollout, 1..8. */
export type StepNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** Every step number, in order. */
export const STEP_NUMBERS: readonly StepNumber[] = [1, 2, 3, 4, 5, 6, 7, 8];

/** Cluster-wide steps are the same fact on every namespace's checklist and are confirmed once for the cluster. */
export type StepScope = 'cluster' | 'namespace';

/** Where a step stands; each step's rules are documented on its function in `steps/`. */
export type StepState = 'todo' | 'in-progress' | 'done' | 'blocked';

/** Where a piece of evidence comes from: Lockstep's own measurements, the Kubernetes API, or a person. */
export type EvidenceSource = 'measured' | 'kubernetes' | 'manual';

/** One fact behind a step's state, with its source. */
export interface Evidence {
  label: string;
  value: string;
  source: EvidenceSource;
}

/** Something to copy (Helm values, a CNP, a CCNP, a shell command) or a link to follow. */
export interface CopyBlock {
  label: string;
  copy: string;
  language: 'yaml' | 'shell';
}

/** What the user does next for a step. */
export interface NextAction {
  text: string;
  /** The main thing to copy. */
  copy?: string;
  language?: 'yaml' | 'shell';
  /** A page of Lockstep that carries the action (e.g. the suggested patch). */
  href?: string;
  /** Further copyable blocks (e.g. the command that checks the setting). */
  also?: CopyBlock[];
}

/** `error` is shown loudest (a regression, a broken cluster DNS). */
export type WarningSeverity = 'info' | 'warning' | 'error';

/** Warning codes; descriptions and severities are in `warnings.ts`. */
export type WarningCode =
  | 'audit.no-selecting-policy'
  | 'audit.cluster-wide-stops-enforcement'
  | 'enforce.policy-denied-regression'
  | 'enforce.open-findings'
  | 'findings.seen-again'
  | 'ccnp.dns-not-in-same-resource'
  | 'relay.not-streaming'
  | 'kubernetes.unreachable'
  | 'audit-window.not-in-audit-mode'
  | 'audit-window.unreachable'
  | 'audit-window.still-auditing';

/** Where the rollout can hurt (registered in `warnings.ts`). */
export interface ChecklistWarning {
  code: WarningCode;
  severity: WarningSeverity;
  message: string;
  /** The step the warning belongs to; undefined for the whole checklist. */
  step?: StepNumber;
}

/** One step of one namespace's checklist. */
export interface ChecklistStep {
  step: StepNumber;
  title: string;
  scope: StepScope;
  state: StepState;
  evidence: Evidence[];
  /** Who confirmed the step by hand, and when (epoch ms): only when the confirmation decided the state. */
  confirmedBy?: string;
  confirmedAt?: number;
  /** The confirmation's note. */
  confirmationNote?: string;
  /** True when the step can be confirmed (or un-confirmed) by hand now: the cluster cannot tell. */
  confirmable: boolean;
  nextAction: NextAction;
  warnings: ChecklistWarning[];
}

/** What `GET /api/namespaces/{ns}/checklist` returns. */
export interface NamespaceChecklist {
  namespace: string;
  steps: ChecklistStep[];
  /** Every step's warnings plus checklist-wide ones, errors first. */
  warnings: ChecklistWarning[];
  generatedAt: number;
  /** The per-namespace audit window, when the feature is on (`LOCKSTEP_AUDIT_WINDOW=enabled`). */
  auditWindow?: AuditWindowFacts;
}

/** A manual confirmation as stored: the newest one per step and scope wins. */
export interface StepConfirmation {
  step: StepNumber;
  scope: StepScope;
  /** The namespace of a namespace-scoped confirmation (undefined for cluster scope). */
  namespace: string | undefined;
  /** False withdraws an earlier confirmation. */
  confirmed: boolean;
  actor: string;
  at: number;
  note: string | undefined;
}

/** Relay status as the checklist needs it (from `RelayMonitor.snapshot()`). */
export interface RelayFacts {
  state: RelayConnectionState;
  address: string;
  demo: boolean;
  version: string;
  connectedNodes: number | undefined;
  unavailableNodes: number | undefined;
  flowsReceived: number;
  flowsPerSecond: number;
  /** The last connection error with its hint. */
  lastError: string | undefined;
}

/** A workload of the namespace seen with traffic (a service-map node). */
export interface ActiveWorkload {
  name: string;
  /** Stable `k8s:key=value` labels. */
  labels: readonly string[];
  lastSeen: number;
}

/** A pod as the Kubernetes API lists it. */
export interface PodFacts {
  name: string;
  /** The workload it belongs to (same naming as the service map). */
  workload: string;
  labels: Readonly<Record<string, string>>;
}

/** One Kubernetes read: its value, or why it failed. */
export type KubeFact<T> = { ok: true; value: T } | { ok: false; reason: string };

/** `policy-audit-mode` in the cilium-config ConfigMap. */
export interface AuditModeFact {
  /** The key's value; a missing key is Cilium's default, false. */
  enabled: boolean;
  /** When the ConfigMap was last changed (managedFields), as a hint of when audit mode flipped. */
  changedAt: number | undefined;
  resourceVersion: string;
}

/** What the Kubernetes API told, per read; `off` when Lockstep does not read it (disabled, demo mode). */
export type KubernetesFacts =
  | { status: 'off'; reason: string }
  | {
      status: 'on';
      auditMode: KubeFact<AuditModeFact>;
      /** The namespace's pods. */
      pods: KubeFact<PodFacts[]>;
      /** CiliumNetworkPolicies of the namespace. */
      policies: KubeFact<CiliumPolicy[]>;
      /** Every CiliumClusterwideNetworkPolicy. */
      clusterPolicies: KubeFact<CiliumPolicy[]>;
    };

/** Review state counts of the namespace's findings (store stats). */
export interface FindingFacts {
  new: number;
  accepted: number;
  rejected: number;
  needsInfo: number;
  seenAgain: number;
  /** Of the open ones (new, needs-info), those held for review: high risk by triage, kept out of the patch. */
  held: number;
}

/** A namespace's place in the step-2 ranking. */
export interface NamespaceRank {
  namespace: string;
  /** 1-based. */
  rank: number;
  workloads: number;
  inboundPeers: number;
  flows: number;
  /** Why it sits where it does (system namespace, no traffic yet). */
  note: string | undefined;
}

/** Everything `buildChecklist` reads. Times are epoch ms. */
export interface ChecklistInput {
  namespace: string;
  now: number;
  /** Step 6: no new AUDIT for this long. Default (from config): 24 h. */
  quietPeriodMs: number;
  /** Step 5: observe at least this long. Default (from config): 24 h. */
  minObservationMs: number;
  relay: RelayFacts;
  /** Verdict counters of the namespace since Lockstep started (live hub). */
  traffic: { flows: number; verdicts: VerdictCounts };
  workloads: readonly ActiveWorkload[];
  /** Peers outside the namespace with connections into it (node ids). */
  inboundPeers: readonly string[];
  /** Persisted AUDIT evidence of the namespace. */
  audit: { flows: number; firstAuditAt: number | undefined; lastAuditAt: number | undefined };
  findings: FindingFacts;
  /** Times of recent DROPPED flows with POLICY_DENIED decided for this namespace (see `policyDropTimes`). */
  policyDrops: readonly number[];
  /** Other namespaces where Lockstep saw policy drops: they enforce today. */
  enforcingNamespaces: readonly string[];
  kubernetes: KubernetesFacts;
  /** The namespace's policy files known to Lockstep (the GitOps repository). */
  policyFiles: readonly ExistingPolicySource[];
  /** DNS resolvers for the step-3 CNP and the step-8 CCNP. Default: kube-dns. */
  resolvers: readonly ClusterResolver[];
  /** How the resolvers were found (said in the CCNP's comment). */
  resolverSource: 'detected' | 'fallback';
  /** Step 2's ranking of every namespace. */
  ranking: readonly NamespaceRank[];
  /** Effective confirmations: cluster ones and this namespace's (newest per step). */
  confirmations: readonly StepConfirmation[];
  /** The per-namespace audit window (lib/rollout/audit-window); undefined when the feature is off. */
  auditWindow?: AuditWindowFacts;
}
