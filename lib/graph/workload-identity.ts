import type { Endpoint } from '../flow/flow';
import { isUnstableLabelKey, parseLabel, reservedEntity } from '../flow/labels';
import type { NodeKind } from './graph';
import { workloadNameOfPod } from './workload-name-of-pod';

/** The k8s label keys that name a workload, most stable first (docs/cnp-semantics.md §6). */
export const DEFAULT_WORKLOAD_LABELS: readonly string[] = Object.freeze(['app.kubernetes.io/name', 'app', 'k8s-app', 'name']);

/** Options of {@link workloadOf}. */
export interface WorkloadOfOptions {
  /** k8s label keys tried in order for the workload name. Default: {@link DEFAULT_WORKLOAD_LABELS}. */
  labelPriority?: readonly string[];
  /**
   * DNS names of the endpoint's IP (`Flow.destinationNames` for a destination, `sourceNames` for a source).
   * A world endpoint with names becomes an `fqdn` node named after the smallest name. Default: none.
   */
  names?: readonly string[];
}

/** The node an endpoint belongs to. */
export interface WorkloadIdentity {
  /**
   * Deterministic node id: `blog/blog`, `entity:host`, `world:api.github.com`, `unknown:blog`, `identity:4242`,
   * `unknown` (a named workload whose namespace is unknown is `/<name>`).
   */
  id: string;
  label: string;
  kind: NodeKind;
  /** Empty for entities and world peers. */
  namespace: string;
  /** Stable `k8s:key=value` labels of this endpoint, sorted. Empty for entities. */
  labels: readonly string[];
}

const ENTITY_KINDS: Record<string, NodeKind> = {
  world: 'world',
  host: 'host',
  'kube-apiserver': 'kube-apiserver',
  'remote-node': 'remote-node',
  health: 'health',
  ingress: 'ingress',
  unmanaged: 'unmanaged',
  init: 'init',
};

const NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
// Identity scopes (docs/hubble-identities.md): local (CIDR/FQDN) identities from 1<<24, remote-node identities from 2<<24.
const LOCAL_SCOPE = 1 << 24;
const REMOTE_NODE_SCOPE = 2 << 24;
const NO_LABELS: readonly string[] = Object.freeze([]);

/**
 * True for a k8s label key that may name a workload in a selector; false for per-pod or per-revision keys
 * (`pod-template-hash`, `controller-revision-hash`, `statefulset.kubernetes.io/pod-name`, `job-name`,
 * `batch.kubernetes.io/*`, `io.cilium.k8s.*`, ...: docs/cnp-semantics.md §6).
 */
export function isStableLabelKey(key: string): boolean {
  // The namespace key is handled on its own by the callers (it is what groups nodes).
  return key === NAMESPACE_LABEL || !isUnstableLabelKey(key);
}

/**
 * The node identity of an endpoint: namespace + its most stable workload label, else its `workloads` entry, else
 * its pod name without the replica suffix. Reserved identities become entity nodes (`entity:host`, ...); a world
 * peer with DNS names becomes `world:<name>`. Endpoints stripped by a field mask still get the best node the
 * remaining fields allow; a fully empty one is `unknown`.
 */
export function workloadOf(endpoint: Endpoint, options: WorkloadOfOptions = {}): WorkloadIdentity {
  const entity = entityOf(endpoint);
  if (entity !== undefined) return entityIdentity(entity, options.names);
  const stable = stableLabelsOf(endpoint);
  const labels = stable.length > 0 ? stable : NO_LABELS;
  const namespace = endpoint.namespace || namespaceLabelOf(endpoint);
  const name =
    workloadLabelOf(endpoint, options.labelPriority ?? DEFAULT_WORKLOAD_LABELS) ||
    endpoint.workloads[0]?.name ||
    (endpoint.podName ? workloadNameOfPod(endpoint.podName) : '');
  if (name) return { id: `${namespace}/${name}`, label: name, kind: 'workload', namespace, labels };
  if (namespace) return { id: `unknown:${namespace}`, label: 'unknown', kind: 'unknown', namespace, labels };
  if (endpoint.identity > 0) {
    return { id: `identity:${endpoint.identity}`, label: `identity ${endpoint.identity}`, kind: 'unknown', namespace: '', labels };
  }
  return { id: 'unknown', label: 'unknown', kind: 'unknown', namespace: '', labels };
}

/** The stable `k8s:` labels of an endpoint (see {@link isStableLabelKey}), sorted. */
export function stableLabelsOf(endpoint: Endpoint): string[] {
  const out: string[] = [];
  for (const raw of endpoint.labels) {
    if (!raw.startsWith('k8s:')) continue;
    if (isStableLabelKey(parseLabel(raw).key)) out.push(raw);
  }
  return out.sort();
}

/** The DNS name a world node is split by: the smallest of `names`, lower-cased, without the trailing dot. */
export function fqdnOf(names: readonly string[]): string {
  let best = names[0];
  for (let i = 1; i < names.length; i++) if (names[i] < best) best = names[i];
  const lower = best.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

function entityOf(endpoint: Endpoint): string | undefined {
  const reserved = reservedEntity(endpoint);
  if (reserved !== undefined) return reserved;
  if (endpoint.identity >= REMOTE_NODE_SCOPE) return 'remote-node';
  // NOTE: Hubble keeps only the longest-prefix `cidr:` label of a CIDR identity, often without `reserved:world`;
  // such a peer (local-scope identity, or cidr:/fqdn: labels without a namespace) is still outside the cluster.
  if (endpoint.identity >= LOCAL_SCOPE) return 'world';
  if (endpoint.namespace) return undefined;
  for (const raw of endpoint.labels) if (raw.startsWith('cidr:') || raw.startsWith('fqdn:')) return 'world';
  return undefined;
}

function entityIdentity(entity: string, names: readonly string[] | undefined): WorkloadIdentity {
  if (entity === 'world' && names !== undefined && names.length > 0) {
    const fqdn = fqdnOf(names);
    return { id: `world:${fqdn}`, label: fqdn, kind: 'fqdn', namespace: '', labels: NO_LABELS };
  }
  return { id: `entity:${entity}`, label: entity, kind: ENTITY_KINDS[entity] ?? 'unknown', namespace: '', labels: NO_LABELS };
}

function workloadLabelOf(endpoint: Endpoint, priority: readonly string[]): string {
  for (const key of priority) {
    const prefix = `k8s:${key}=`;
    for (const raw of endpoint.labels) if (raw.startsWith(prefix) && raw.length > prefix.length) return raw.slice(prefix.length);
  }
  return '';
}

function namespaceLabelOf(endpoint: Endpoint): string {
  const prefix = `k8s:${NAMESPACE_LABEL}=`;
  for (const raw of endpoint.labels) if (raw.startsWith(prefix)) return raw.slice(prefix.length);
  return '';
}
