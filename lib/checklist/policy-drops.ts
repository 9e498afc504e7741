import type { Flow } from '../flow/flow';

/**
 * Times of the flows that a policy of `namespace` dropped: DROPPED with POLICY_DENIED, from a policy-verdict event
 * (or a field-masked one without event type), decided in the namespace (egress at a source there, ingress at a
 * destination there; either end when the direction is unknown). Replies are never decided by policy. Sorted.
 */
export function policyDropTimes(flows: readonly Flow[], namespace: string): number[] {
  const times: number[] = [];
  for (const flow of flows) {
    if (flow.verdict !== 'DROPPED' || flow.dropReason !== 'POLICY_DENIED' || flow.isReply === true) continue;
    if (flow.eventType !== 5 && flow.eventType !== 0) continue;
    const egress = flow.source.namespace === namespace;
    const ingress = flow.destination.namespace === namespace;
    const decided =
      flow.trafficDirection === 'EGRESS' ? egress : flow.trafficDirection === 'INGRESS' ? ingress : egress || ingress;
    if (decided) times.push(flow.time);
  }
  return times.sort((a, b) => a - b);
}
