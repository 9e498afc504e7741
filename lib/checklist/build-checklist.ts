import type { ChecklistInput, ChecklistWarning, NamespaceChecklist } from './checklist';
import { stepContext } from './step-context';
import { auditOnStep } from './steps/audit-on-step';
import { clusterDenyStep } from './steps/cluster-deny-step';
import { enforceStep } from './steps/enforce-step';
import { fixStep } from './steps/fix-step';
import { hubbleStep } from './steps/hubble-step';
import { observeStep } from './steps/observe-step';
import { pickStep } from './steps/pick-step';
import { shipStep } from './steps/ship-step';
import { checklistWarning, sortWarnings } from './warnings';

const STEPS = [hubbleStep, pickStep, auditOnStep, shipStep, observeStep, fixStep, enforceStep, clusterDenyStep] as const;

/**
 * The eight steps of the rollout (shared/reference/rollout.md) for one namespace, each with its state, the
 * evidence behind it (and where that came from), who confirmed it by hand, the next action to copy, and warnings.
 * Pure and deterministic for a given input (`now` included). Each step's rules are documented on its function
 * in `steps/`; where the cluster cannot be read, a step asks for a manual confirmation instead.
 */
export function buildChecklist(input: ChecklistInput): NamespaceChecklist {
  const ctx = stepContext(input);
  const steps = STEPS.map((build) => build(ctx));
  const general: ChecklistWarning[] = [];
  const unreachable = kubernetesProblem(input);
  if (unreachable) general.push(checklistWarning('kubernetes.unreachable', { reason: unreachable }));
  return {
    namespace: input.namespace,
    steps,
    warnings: sortWarnings([...steps.flatMap((s) => s.warnings), ...general]),
    generatedAt: input.now,
    ...(input.auditWindow && { auditWindow: input.auditWindow }),
  };
}

/** The first failed Kubernetes read, as "Kubernetes API not reachable: <reason>"; nothing when it is off or fine. */
function kubernetesProblem(input: ChecklistInput): string | undefined {
  const k = input.kubernetes;
  if (k.status === 'off') return undefined;
  const failed = [k.auditMode, k.pods, k.policies, k.clusterPolicies].find((f) => !f.ok);
  return failed && !failed.ok ? `Kubernetes API not reachable: ${failed.reason}` : undefined;
}
