import type { ChecklistWarning, StepNumber, WarningCode, WarningSeverity } from './checklist';
import { formatInstant, listNames, plural } from './format';

/**
 * Every checklist warning in one table: code, severity and message (after Kiali's check descriptors). Rules
 * produce parameters; the text lives here.
 */
interface WarningDescriptor<P> {
  severity: WarningSeverity;
  message(params: P): string;
}

interface WarningParams {
  'audit.no-selecting-policy': { namespace: string; mode: 'on' | 'planned' };
  'audit.cluster-wide-stops-enforcement': { namespaces: readonly string[]; mode: 'on' | 'planned' };
  'enforce.policy-denied-regression': { namespace: string; flows: number; since: number; last: number };
  'enforce.open-findings': { open: number };
  'findings.seen-again': { count: number };
  'ccnp.dns-not-in-same-resource': { policies: readonly string[] };
  'relay.not-streaming': { state: string; error: string | undefined };
  'kubernetes.unreachable': { reason: string };
  'audit-window.not-in-audit-mode': { pods: readonly string[] };
  'audit-window.unreachable': { namespace: string; pods: readonly string[] };
  'audit-window.still-auditing': { namespace: string; flows: number; lastAt: number; pods: readonly string[] };
}

const DESCRIPTORS: { [C in WarningCode]: WarningDescriptor<WarningParams[C]> } = {
  'audit.no-selecting-policy': {
    severity: 'warning',
    message: ({ namespace, mode }) =>
      `${mode === 'on' ? 'Audit mode is on, but' : 'Before audit mode goes on:'} no policy selects a pod of ${namespace}, so nothing will be reported as AUDIT ` +
      '(audit only covers endpoints some policy selects). Ship a namespace default-deny CNP together with audit mode.',
  },
  'audit.cluster-wide-stops-enforcement': {
    severity: 'warning',
    message: ({ namespaces, mode }) =>
      `${listNames(namespaces)} already ${namespaces.length === 1 ? 'enforces' : 'enforce'} policies. policy-audit-mode is agent-wide: ` +
      `${mode === 'on' ? 'while it is on, their enforcement is suspended too' : 'turning it on suspends their enforcement too'}. Keep the audit window short.`,
  },
  'enforce.policy-denied-regression': {
    severity: 'error',
    message: ({ namespace, flows, since, last }) =>
      `Regression: ${plural(flows, 'flow')} of ${namespace} DROPPED with POLICY_DENIED since enforcement began (${formatInstant(since)}), the last at ` +
      `${formatInstant(last)}. Something the audit window did not see is now blocked: check the Findings tab, or roll back with policyAuditMode: true.`,
  },
  'enforce.open-findings': {
    severity: 'warning',
    message: ({ open }) => `Policies enforce while ${plural(open, 'finding')} ${open === 1 ? 'is' : 'are'} still open: that traffic is dropped now.`,
  },
  'findings.seen-again': {
    severity: 'warning',
    message: ({ count }) => `${plural(count, 'rejected finding')} ${count === 1 ? 'was' : 'were'} seen again: someone is still calling. Find and stop the caller before step 7.`,
  },
  'ccnp.dns-not-in-same-resource': {
    severity: 'error',
    message: ({ policies }) =>
      `${listNames(policies)} ${policies.length === 1 ? 'turns' : 'turn'} default-deny on without allowing DNS in the same resource: cluster DNS breaks. ` +
      'Put the DNS allow into the same CCNP.',
  },
  'relay.not-streaming': {
    severity: 'error',
    message: ({ state, error }) => `Hubble Relay is ${state}: no flows arrive, so nothing on this checklist is measured live.${error ? ` ${error}` : ''}`,
  },
  'kubernetes.unreachable': {
    severity: 'info',
    message: ({ reason }) => `${reason}. Steps that need the cluster's word ask for a manual confirmation instead.`,
  },
  'audit-window.not-in-audit-mode': {
    severity: 'warning',
    message: ({ pods }) =>
      `Not in audit mode: ${listNames(pods)} still ${pods.length === 1 ? 'reports' : 'report'} DROPPED with POLICY_DENIED after the audit window enabled PolicyAuditMode. ` +
      'Check the endpoint (cilium-dbg endpoint config <id>) or run the window script again.',
  },
  'audit-window.unreachable': {
    severity: 'warning',
    message: ({ namespace, pods }) => `The audit window of ${namespace} could not reach ${plural(pods.length, 'endpoint')} (${listNames(pods)}): they still enforce. The reasons are in step 3.`,
  },
  'audit-window.still-auditing': {
    severity: 'error',
    message: ({ namespace, flows, lastAt, pods }) =>
      `The audit window of ${namespace} is closed, but AUDIT did not stop: ${plural(flows, 'flow')} from ${listNames(pods)} since, the last at ${formatInstant(lastAt)}. ` +
      'PolicyAuditMode=Disabled did not reach them, or policy-audit-mode is on cluster-wide.',
  },
};

/** A warning with its registered severity and message. */
export function checklistWarning<C extends WarningCode>(code: C, params: WarningParams[C], step?: StepNumber): ChecklistWarning {
  const descriptor = DESCRIPTORS[code];
  return { code, severity: descriptor.severity, message: descriptor.message(params), ...(step !== undefined && { step }) };
}

const RANK: Record<WarningSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then info; stable within a severity. Duplicates (same code and message) dropped. */
export function sortWarnings(warnings: readonly ChecklistWarning[]): ChecklistWarning[] {
  const seen = new Set<string>();
  const unique = warnings.filter((w) => {
    const key = `${w.code}\u0000${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.map((w, i) => [w, i] as const).sort(([a, i], [b, j]) => RANK[a.severity] - RANK[b.severity] || i - j).map(([w]) => w);
}
