/** Which label keys may appear in a selector (docs/cnp-semantics.md §6). */

/** Default label priority for workload selectors. */
export const DEFAULT_LABEL_PRIORITY: readonly string[] = ['app.kubernetes.io/name', 'app', 'k8s-app', 'name'];

/** Default keys added to tell two workloads with the same primary label apart. */
export const DEFAULT_DISAMBIGUATION_LABELS: readonly string[] = ['app.kubernetes.io/instance'];

export { isUnstableLabelKey } from '../flow/labels';
