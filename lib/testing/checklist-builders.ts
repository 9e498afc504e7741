/**
 * Fixture builders for checklist tests (never imported by non-test code). `checklistInput()` is a namespace on a
 * healthy relay with nothing else known; tests override what their rule reads. Times are fixed.
 */
import type { ChecklistInput, KubeFact, KubernetesFacts, PodFacts, StepConfirmation, StepNumber } from '../checklist/checklist';
import { STEP_INFO } from '../checklist/step-info';
import type { CiliumPolicy } from '../policy/cnp-types';
import { FALLBACK_CLUSTER_RESOLVER } from '../policy/detect-cluster-resolvers';
import { FIXED_TIME } from './flow-builders';

export const HOUR = 3_600_000;
/** `now` of every fixture: two days after FIXED_TIME. */
export const NOW = FIXED_TIME + 48 * HOUR;

/** A healthy input for namespace `blog` with one active workload and no audit evidence. */
export function checklistInput(overrides: Partial<ChecklistInput> = {}): ChecklistInput {
  return {
    namespace: 'blog',
    now: NOW,
    quietPeriodMs: 24 * HOUR,
    minObservationMs: 24 * HOUR,
    relay: { state: 'connected', address: '127.0.0.1:4245', demo: false, version: '1.17.0', connectedNodes: 3, unavailableNodes: 0, flowsReceived: 1200, flowsPerSecond: 40, lastError: undefined },
    traffic: { flows: 300, verdicts: { FORWARDED: 300 } },
    workloads: [{ name: 'blog', labels: ['k8s:app.kubernetes.io/name=blog', 'k8s:io.kubernetes.pod.namespace=blog'], lastSeen: NOW - HOUR }],
    inboundPeers: ['traefik/traefik'],
    audit: { flows: 0, firstAuditAt: undefined, lastAuditAt: undefined },
    findings: { new: 0, accepted: 0, rejected: 0, needsInfo: 0, seenAgain: 0, held: 0 },
    policyDrops: [],
    enforcingNamespaces: [],
    kubernetes: { status: 'off', reason: 'demo mode' },
    policyFiles: [],
    resolvers: [FALLBACK_CLUSTER_RESOLVER],
    resolverSource: 'fallback',
    ranking: [{ namespace: 'blog', rank: 1, workloads: 1, inboundPeers: 1, flows: 300, note: undefined }],
    confirmations: [],
    ...overrides,
  };
}

const ok = <T>(value: T): KubeFact<T> => ({ ok: true, value });

/** Kubernetes facts that all read fine; override single facts with `{ok: false, reason}`. */
export function kubeOn(parts: {
  auditMode?: KubeFact<{ enabled: boolean; changedAt: number | undefined; resourceVersion: string }> | boolean;
  changedAt?: number;
  pods?: KubeFact<PodFacts[]> | PodFacts[];
  policies?: KubeFact<CiliumPolicy[]> | CiliumPolicy[];
  clusterPolicies?: KubeFact<CiliumPolicy[]> | CiliumPolicy[];
} = {}): KubernetesFacts {
  const fact = <T>(v: KubeFact<T> | T | undefined, fallback: T): KubeFact<T> =>
    v === undefined ? ok(fallback) : typeof v === 'object' && v !== null && 'ok' in (v as object) ? (v as KubeFact<T>) : ok(v as T);
  const audit = typeof parts.auditMode === 'boolean' || parts.auditMode === undefined
    ? ok({ enabled: parts.auditMode ?? false, changedAt: parts.changedAt, resourceVersion: '42' })
    : parts.auditMode;
  return { status: 'on', auditMode: audit, pods: fact(parts.pods, []), policies: fact(parts.policies, []), clusterPolicies: fact(parts.clusterPolicies, []) };
}

/** A pod of `workload` with `app.kubernetes.io/name: <workload>`. */
export function pod(workload: string, labels: Record<string, string> = { 'app.kubernetes.io/name': workload }, name = `${workload}-7d4b9c8f6-x2x9z`): PodFacts {
  return { name, workload, labels };
}

/** A CNP of `namespace` selecting `matchLabels`, with an ingress section (default-deny on). */
export function cnp(name: string, namespace: string, matchLabels: Record<string, string>): CiliumPolicy {
  return { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name, namespace }, spec: { endpointSelector: { matchLabels }, ingress: [{ fromEntities: ['host'] }] } };
}

/** A positive (or withdrawn) confirmation of `step`, scoped as the step is. */
export function confirmed(step: StepNumber, at: number, actor = 'alice', options: { namespace?: string; confirmed?: boolean; note?: string } = {}): StepConfirmation {
  const scope = STEP_INFO[step].scope;
  return { step, scope, namespace: scope === 'cluster' ? undefined : (options.namespace ?? 'blog'), confirmed: options.confirmed ?? true, actor, at, note: options.note };
}
