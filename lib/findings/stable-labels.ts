/** Which label keys may appear in a selector (cnp-semantics §6). */

/** Default label priority for workload selectors. */
export const DEFAULT_LABEL_PRIORITY: readonly string[] = ['app.kubernetes.io/name', 'app', 'k8s-app', 'name'];

/** Default keys added to tell two workloads with the same primary label apart. */
export const DEFAULT_DISAMBIGUATION_LABELS: readonly string[] = ['app.kubernetes.io/instance'];

const UNSTABLE_EXACT = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'job-name',
  'controller-uid',
  // Beware a label key `host`: Cilium 1.20.0 skips enforcement for such pods (cilium/cilium#48027).
  'host',
  // The namespace is expressed separately, only for cross-namespace peers (§2).
  'io.kubernetes.pod.namespace',
]);

const UNSTABLE_PREFIXES = ['batch.kubernetes.io/', 'io.cilium.k8s.', 'io.cilium.'];

/**
 * True for a label key that must never be used in a suggested selector: per-pod or per-revision keys,
 * Cilium-generated keys and the key `host`.
 */
export function isUnstableLabelKey(key: string): boolean {
  return UNSTABLE_EXACT.has(key) || UNSTABLE_PREFIXES.some((prefix) => key.startsWith(prefix));
}
