import type { LintFinding, LintRule } from '../lint-rule';
import { splitSelectorKey } from '../../policy/selector-compile';
import { pathKey, selectorsOf } from '../walk-policy';

/** Why each unstable key is unstable (docs/cnp-semantics.md §6). */
const UNSTABLE: Record<string, string> = {
  'pod-template-hash': 'it changes with every Deployment rollout, so new pods are not selected.',
  'controller-revision-hash': 'it changes with every StatefulSet/DaemonSet revision.',
  'pod-template-generation': 'it changes with every DaemonSet template change.',
  'statefulset.kubernetes.io/pod-name': 'it names a single pod: the next replica is not selected.',
  'apps.kubernetes.io/pod-index': 'it names a single replica: the others are not selected.',
  'job-name': 'it changes with every Job (and CronJob run).',
};
const BATCH = 'it is set per Job by Kubernetes and changes with every run.';
const CILIUM = 'Cilium sets it from the pod (cluster, service account); it is not a workload identity.';

/**
 * `selector.unstable-label`: a selector pinning a value of a label that changes across rollouts, replicas or
 * runs (§6). Presence tests (`Exists`/`DoesNotExist`) are not reported: they pin no value, and
 * `io.cilium.k8s.policy.cluster Exists` is the upstream idiom for "any pod of this cluster".
 */
export const selectorUnstableLabel: LintRule = {
  id: 'selector.unstable-label',
  check({ policies }) {
    const findings: LintFinding[] = [];
    policies.forEach(({ policy }, policyIndex) => {
      for (const entry of selectorsOf(policy)) {
        for (const rawKey of Object.keys(entry.selector.matchLabels ?? {})) {
          const reason = unstableReason(rawKey);
          if (reason) findings.push({ id: 'selector.unstable-label', policyIndex, path: `${entry.path}/matchLabels/${pathKey(rawKey)}`, params: { key: rawKey, reason } });
        }
        (entry.selector.matchExpressions ?? []).forEach((expression, k) => {
          if (expression.operator !== 'In' && expression.operator !== 'NotIn') return;
          const reason = unstableReason(String(expression.key));
          if (reason) findings.push({ id: 'selector.unstable-label', policyIndex, path: `${entry.path}/matchExpressions[${k}]/key`, params: { key: expression.key, reason } });
        });
      }
    });
    return findings;
  },
};

/** Why a selector key is unstable, or undefined when it is fine. */
export function unstableReason(rawKey: string): string | undefined {
  const { key } = splitSelectorKey(rawKey);
  if (UNSTABLE[key]) return UNSTABLE[key];
  if (key.startsWith('batch.kubernetes.io/')) return BATCH;
  if (key.startsWith('io.cilium.k8s.policy.')) return CILIUM;
  return undefined;
}
