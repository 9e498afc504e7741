import type { Endpoint } from '../flow/flow';
import { parseLabel, reservedEntity } from '../flow/labels';
import { ENTITIES, type Entity } from '../cilium/entities';
import { isDnsSubdomain, isValidLabelKey, isValidLabelValue, isValidNamespace } from './label-validation';
import type { Unselectable } from './finding';
import type { ProblemCode } from './problems';
import { workloadNameOfPod } from '../graph/workload-name-of-pod';

/** A pod's workload as far as selectors are concerned. Pods with the same `key` are one workload. */
export interface PodRef {
  /** Registry key: namespace + candidate labels. */
  key: string;
  /** Small number for the same key, assigned when the workload is registered (-1 before): cheap map keys. */
  id: number;
  namespace: string;
  /** Stable candidate labels present on the pod: the first priority key, then disambiguation keys. */
  candidates: [string, string][];
  /** Display name (controller name when valid). */
  workload: string;
  /** Every valid `k8s:` label of the pod, source prefix removed. */
  labels: Record<string, string>;
  /** Warnings about the pod's labels (LSP001 invalid label, LSP010 `host` key, LSP002 no stable label). */
  warnings: ProblemCode[];
  /** Set when no stable label names the workload (then `candidates` is empty). */
  unselectable?: Unselectable;
}

/** An endpoint classified for policy purposes. */
export type ResolvedEndpoint =
  | { kind: 'pod'; ref: PodRef }
  | { kind: 'entity'; entity: Entity }
  | { kind: 'world' }
  | { kind: 'invalid'; code: ProblemCode; namespace?: string };

/** Normalised label configuration (see `FindingOptions`). */
export interface LabelConfig {
  priority: readonly string[];
  disambiguation: readonly string[];
}

const FLOW_ENTITIES = new Set<string>(ENTITIES.filter((e) => e !== 'all' && e !== 'cluster' && e !== 'none'));

/** Classifies an endpoint: a reserved entity, world, a pod with stable candidate labels, or invalid. */
export function resolveEndpoint(endpoint: Endpoint, config: LabelConfig): ResolvedEndpoint {
  const entity = reservedEntity(endpoint);
  if (entity === 'world') return { kind: 'world' };
  if (entity !== undefined) return FLOW_ENTITIES.has(entity) ? { kind: 'entity', entity: entity as Entity } : { kind: 'invalid', code: 'LSP007' };
  const labels: Record<string, string> = {};
  const warnings: ProblemCode[] = [];
  for (const raw of endpoint.labels) {
    const label = parseLabel(raw);
    if (label.source !== 'k8s') continue;
    if (isValidLabelKey(label.key) && isValidLabelValue(label.value)) labels[label.key] = label.value;
    else if (!warnings.includes('LSP001')) warnings.push('LSP001');
  }
  if (endpoint.labels.length === 0 && !endpoint.namespace) return { kind: 'invalid', code: 'LSP007' };
  const namespace = endpoint.namespace || labels['io.kubernetes.pod.namespace'] || '';
  if (!isValidNamespace(namespace)) return { kind: 'invalid', code: 'LSP003' };
  if ('host' in labels) warnings.push('LSP010');
  const primaryKey = config.priority.find((key) => labels[key]);
  const controller = endpoint.workloads[0]?.name ?? '';
  if (!primaryKey) return unselectablePod(endpoint, namespace, labels, [...warnings, 'LSP002']);
  const candidates: [string, string][] = [[primaryKey, labels[primaryKey]]];
  for (const key of config.disambiguation) if (key !== primaryKey && key in labels) candidates.push([key, labels[key]]);
  const workload = isDnsSubdomain(controller) ? controller : labels[primaryKey];
  const key = JSON.stringify([namespace, candidates]);
  return { kind: 'pod', ref: { key, id: -1, namespace, candidates, workload, labels, warnings } };
}

/**
 * A pod without a stable label: still a workload (its flows still become findings), named by its controller or
 * its pod name without the replica suffix, else by its identity. Its candidates are empty: no rule can select it.
 */
function unselectablePod(endpoint: Endpoint, namespace: string, labels: Record<string, string>, warnings: ProblemCode[]): ResolvedEndpoint {
  const controller = endpoint.workloads[0];
  const fromPod = endpoint.podName ? workloadNameOfPod(endpoint.podName) : '';
  const workload = [controller?.name ?? '', fromPod].find(isDnsSubdomain) ?? `identity-${endpoint.identity}`;
  const pod = isDnsSubdomain(endpoint.podName) ? endpoint.podName : '';
  const unselectable: Unselectable = { workload, pod, identity: endpoint.identity, controllerKind: controller && /^[A-Za-z]{1,63}$/.test(controller.kind) ? controller.kind : '' };
  const key = JSON.stringify([namespace, [], workload]);
  return { kind: 'pod', ref: { key, id: -1, namespace, candidates: [], workload, labels, warnings, unselectable } };
}

/** Keeps only the labels two pods of one workload share (per-pod labels drop out). */
export function intersectLabels(a: Record<string, string>, b: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(a)) if (b[key] === value) out[key] = value;
  return out;
}

