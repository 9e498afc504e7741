import type { Flow } from '../flow/flow';

/**
 * True for a policy verdict from the local host to a pod that the policy would not allow: AUDIT, or DROPPED with
 * POLICY_DENIED, on ingress. Cilium emits none while `allow-localhost` is `auto`/`always`, so one such flow
 * proves the cluster runs with `allow-localhost: policy` (rule 28).
 */
export function isHostPolicyVerdict(flow: Flow): boolean {
  if (flow.eventType !== 5 || flow.isReply === true || flow.trafficDirection !== 'INGRESS') return false;
  if (flow.verdict !== 'AUDIT' && !(flow.verdict === 'DROPPED' && flow.dropReason === 'POLICY_DENIED')) return false;
  if (!flow.destination.namespace) return false;
  return flow.source.identity === 1 || flow.source.labels.includes('reserved:host');
}
