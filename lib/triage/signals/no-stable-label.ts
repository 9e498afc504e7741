import type { Finding } from '../../findings/finding';
import { isUnselectable } from '../../findings/is-unselectable';
import type { TriageSignal } from '../triage';

/** The subject or the pod peer has no stable label: no rule can select it, so someone has to decide by hand. */
export function noStableLabel(finding: Finding): TriageSignal | undefined {
  if (!isUnselectable(finding)) return undefined;
  const who = finding.subject.unselectable ? finding.subject : finding.peer.kind === 'endpoint' ? finding.peer : undefined;
  const info = finding.subject.unselectable ?? (finding.peer.kind === 'endpoint' ? finding.peer.unselectable : undefined);
  const name = who ? `${who.namespace}/${who.workload}` : 'the workload';
  return {
    code: 'no-stable-label',
    weight: 1,
    reason: `no rule can select ${name}: it has no stable label (app.kubernetes.io/name, app, k8s-app, name).`,
    evidence: { workload: name, pod: info?.pod ?? '', identity: info?.identity ?? 0 },
  };
}
