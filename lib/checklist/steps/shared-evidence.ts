import { formatInstant, listNames, plural } from '../format';
import type { Evidence } from '../checklist';
import { evidence, kubeUnavailable, type StepContext } from '../step-context';

/** `policy-audit-mode` as the ConfigMap says, or why it could not be read (steps 3 and 7). */
export function auditModeEvidence(ctx: StepContext): Evidence {
  const k = ctx.input.kubernetes;
  if (k.status === 'on' && k.auditMode.ok) {
    const { enabled, changedAt } = k.auditMode.value;
    return evidence('policy-audit-mode (kube-system/cilium-config)', `${enabled}${changedAt !== undefined ? `, ConfigMap changed ${formatInstant(changedAt)}` : ''}`, 'kubernetes');
  }
  return evidence('policy-audit-mode (kube-system/cilium-config)', kubeUnavailable(ctx.input, k.status === 'on' ? k.auditMode : undefined) ?? 'unknown', 'kubernetes');
}

/** Which policies select the namespace's pods, and how Lockstep knows. */
export function selectionEvidence(ctx: StepContext): Evidence {
  const s = ctx.selection;
  if (s.source === 'unknown') {
    const k = ctx.input.kubernetes;
    const why = kubeUnavailable(ctx.input, k.status === 'on' ? (k.pods.ok ? k.policies : k.pods) : undefined);
    return evidence('Policies selecting its pods', `unknown: no policy file known${why ? `; ${why}` : ''}`, 'measured');
  }
  const subjects = s.source === 'kubernetes' ? plural(s.subjects, 'pod') : `${plural(s.subjects, 'workload')} seen`;
  const value = s.policies.length ? `${s.policies.length} (${listNames(s.policies, 3)}) over ${subjects}` : `none over ${subjects}`;
  return evidence(s.source === 'kubernetes' ? 'Policies selecting its pods' : 'Policies in the known files selecting its workloads', value, s.source === 'kubernetes' ? 'kubernetes' : 'measured');
}
