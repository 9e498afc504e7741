import type { Endpoint } from '../flow/flow';
import { reservedEntity } from '../flow/labels';
import type { Finding, Peer } from '../findings/finding';
import { workloadNameOfPod } from '../graph/workload-name-of-pod';

/**
 * Workloads as triage compares them: `namespace/name`, the name being the controller's (Hubble `workloads`), else
 * the pod name without its replica suffix. Findings name their subject the same way when the controller is known.
 */
export function endpointWorkloadKey(endpoint: Endpoint): string | undefined {
  if (reservedEntity(endpoint) !== undefined || !endpoint.namespace) return undefined;
  const name = endpoint.workloads[0]?.name || (endpoint.podName ? workloadNameOfPod(endpoint.podName) : '');
  return name ? `${endpoint.namespace}/${name}` : undefined;
}

/** The key of a finding's subject. */
export function subjectKey(finding: Pick<Finding, 'subject'>): string {
  return `${finding.subject.namespace}/${finding.subject.workload}`;
}

/** The key of a pod peer, undefined for other peers. */
export function peerKey(peer: Peer): string | undefined {
  return peer.kind === 'endpoint' ? `${peer.namespace}/${peer.workload}` : undefined;
}

/** The workload that opened the connections: the peer for INGRESS, the subject for EGRESS (undefined: not a pod). */
export function initiatorKey(finding: Pick<Finding, 'subject' | 'peer' | 'direction'>): string | undefined {
  return finding.direction === 'EGRESS' ? subjectKey(finding) : peerKey(finding.peer);
}

/** The workload that accepted them: the subject for INGRESS, the pod peer for EGRESS. */
export function responderKey(finding: Pick<Finding, 'subject' | 'peer' | 'direction'>): string | undefined {
  return finding.direction === 'INGRESS' ? subjectKey(finding) : peerKey(finding.peer);
}
