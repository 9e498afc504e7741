import { auditPhaseOf, confirmationOf, type AuditPhase } from './audit-phase';
import { formatInstant } from './format';
import type { ChecklistInput, ChecklistStep, Evidence, EvidenceSource, KubeFact, NextAction, StepConfirmation, StepNumber, StepState } from './checklist';
import { namespaceSelection, type NamespaceSelection } from './policy-selection';
import { STEP_INFO } from './step-info';

/** What every step rule reads: the input plus facts derived once. */
export interface StepContext {
  input: ChecklistInput;
  phase: AuditPhase;
  selection: NamespaceSelection;
  /**
   * Lockstep knows the namespace has pods (or workloads) and that no policy selects any of them, and no AUDIT was
   * ever seen there: audit mode will report nothing for it (docs/cnp-semantics.md §24).
   */
  nothingSelected: boolean;
  /** Findings still waiting for a decision (new + needs-info; held findings are among them, never fewer). */
  openFindings: number;
  /** Workloads Kubernetes knows that were never seen with traffic; undefined when the pods could not be read. */
  inactiveWorkloads: string[] | undefined;
}

/** Derives the shared facts of a checklist. */
export function stepContext(input: ChecklistInput): StepContext {
  const phase = auditPhaseOf(input);
  const selection = namespaceSelection(input.namespace, input.kubernetes, input.policyFiles, input.workloads);
  const nothingSelected = selection.source !== 'unknown' && selection.subjects > 0 && selection.policies.length === 0 && input.audit.flows === 0;
  const pods = input.kubernetes.status === 'on' && input.kubernetes.pods.ok ? input.kubernetes.pods.value : undefined;
  const active = new Set(input.workloads.map((w) => w.name));
  const inactiveWorkloads = pods && [...new Set(pods.map((p) => p.workload))].filter((w) => !active.has(w)).sort();
  return { input, phase, selection, nothingSelected, openFindings: Math.max(input.findings.new + input.findings.needsInfo, input.findings.held), inactiveWorkloads };
}

/** Shorthand for one piece of evidence. */
export function evidence(label: string, value: string, source: EvidenceSource): Evidence {
  return { label, value, source };
}

/** Why a Kubernetes fact is missing, as evidence text ("Kubernetes API not reachable: <reason>"). */
export function kubeUnavailable(input: ChecklistInput, fact?: KubeFact<unknown>): string | undefined {
  if (input.kubernetes.status === 'off') return `Kubernetes API not read: ${input.kubernetes.reason}`;
  if (fact && !fact.ok) return `Kubernetes API not reachable: ${fact.reason}`;
  return undefined;
}

/** True when the ConfigMap's `policy-audit-mode` could be read (steps 3 and 7 are then measured, not confirmed). */
export function auditModeReadable(input: ChecklistInput): boolean {
  return input.kubernetes.status === 'on' && input.kubernetes.auditMode.ok;
}

/** The step's effective confirmation (cluster-scoped steps use the cluster's). */
export function confirmation(ctx: StepContext, step: StepNumber): StepConfirmation | undefined {
  const scope = STEP_INFO[step].scope;
  return confirmationOf(
    ctx.input.confirmations.filter((c) => c.scope === scope && (scope === 'cluster' || c.namespace === ctx.input.namespace)),
    step,
  );
}

/** The evidence line of a confirmation. */
export function confirmationEvidence(c: StepConfirmation): Evidence {
  return evidence('Confirmed by hand', `${c.actor}, ${formatInstant(c.at)}${c.note ? `: ${c.note}` : ''}`, 'manual');
}

/** Assembles a step; `confirmedBy` is filled in when `by` is the confirmation that decided the state. */
export function makeStep(
  step: StepNumber,
  parts: { state: StepState; evidence: Evidence[]; nextAction: NextAction; confirmable: boolean; by?: StepConfirmation; warnings?: ChecklistStep['warnings'] },
): ChecklistStep {
  const info = STEP_INFO[step];
  const by = parts.by;
  return {
    step,
    title: info.title,
    scope: info.scope,
    state: parts.state,
    evidence: by ? [...parts.evidence, confirmationEvidence(by)] : parts.evidence,
    ...(by && { confirmedBy: by.actor, confirmedAt: by.at, ...(by.note && { confirmationNote: by.note }) }),
    confirmable: parts.confirmable,
    nextAction: parts.nextAction,
    warnings: parts.warnings ?? [],
  };
}
