// Kubernetes generates name suffixes from this alphabet (no vowels, no 0/1/3: k8s.io/apimachinery rand.SafeEncodeString),
// so a real word at the end of a pod name is almost never mistaken for a suffix.
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
// Deployment: <name>-<pod-template-hash>-<5>. The hash encodes a uint32 in decimal, so it is 1..10 characters;
// requiring 6+ keeps names like `web-v2-x2x9z` from losing their `-v2` (such a pod still falls to the DaemonSet rule).
const DEPLOYMENT = new RegExp(`^(.+)-${SAFE}{6,10}-${SAFE}{5}$`);
// CronJob: <cronjob>-<scheduled minutes since the epoch>-<5>.
const CRONJOB = new RegExp(`^(.+)-\\d{8,10}-${SAFE}{5}$`);
// StatefulSet: <name>-<ordinal>.
const STATEFULSET = /^(.+)-\d+$/;
// DaemonSet and Job: <name>-<5>.
const DAEMONSET = new RegExp(`^(.+)-${SAFE}{5}$`);

/**
 * The workload name of a pod from its name alone: the pod name without its replica suffix. Tries Deployment
 * (`blog-7d4b9c8f6-x2x9z` → `blog`), CronJob (`backup-28901234-x2x9z` → `backup`), StatefulSet (`postgres-0` →
 * `postgres`) and DaemonSet/Job (`cilium-x2x9z` → `cilium`) shapes in that order; a name matching none is returned
 * unchanged. Only a fallback: labels and `Endpoint.workloads` are better evidence.
 */
export function workloadNameOfPod(podName: string): string {
  for (const shape of [DEPLOYMENT, CRONJOB, STATEFULSET, DAEMONSET]) {
    const match = shape.exec(podName);
    if (match) return match[1];
  }
  return podName;
}
