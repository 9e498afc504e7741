import type { Finding } from '../../findings/finding';
import type { TriageContext } from '../triage-context';
import type { TriageSignal } from '../triage';
import { reservedEntity } from '../../flow/labels';

/**
 * The workload that opened the connections has no controller: Hubble's `workloads` is empty, as for a pod started
 * with `kubectl run` or a hand-written Pod. Debug pods, forgotten experiments and an attacker's foothold look alike
 * here. Only where the capture carries `workloads` at all (older agents never fill it).
 */
export function unownedWorkload(finding: Finding, ctx: TriageContext): TriageSignal | undefined {
  if (!ctx.workloadsKnown) return undefined;
  const sample = finding.samples.find((s) => s.isReply !== true);
  const source = sample?.source;
  if (!source || reservedEntity(source) !== undefined || !source.namespace || source.workloads.length > 0) return undefined;
  const opener = finding.direction === 'EGRESS' ? finding.subject.workload : finding.peer.kind === 'endpoint' ? finding.peer.workload : '';
  return {
    code: 'unowned-workload',
    weight: 3,
    reason: `${source.namespace}/${opener} has no owning controller (a bare pod, as started by kubectl run): debug pods and footholds look like this.`,
    evidence: { namespace: source.namespace, workload: opener, controller: 'none' },
  };
}
