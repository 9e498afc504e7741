import { isClusterWarning, type ClusterNextStep } from './cluster-overview';
import type { ChecklistWarning, NamespaceChecklist, NamespaceRank, RelayFacts, StepNumber, StepState } from './checklist';
import { windowSummary, type WindowSummary } from '../rollout/audit-window/window-summary';

/** One namespace's row of the rollout overview (`GET /api/checklist`). */
export interface NamespaceProgress {
  namespace: string;
  /** Step 2's ranking (1 = lowest stakes); undefined when not ranked. */
  rank: number | undefined;
  /** The eight states, in step order. */
  states: StepState[];
  done: number;
  /** The first step that is not done; undefined when all eight are. */
  currentStep: StepNumber | undefined;
  /** What the current step asks, in words. */
  currentAction: string | undefined;
  /** Open findings (new or needs-info), from AUDIT verdicts or policy drops. */
  openFindings: number;
  /** Of the open findings, those held for review (high risk by triage). */
  heldFindings: number;
  lastAuditAt: number | undefined;
  /** The newest DROPPED with POLICY_DENIED decided in the namespace (recent flows): enforcing namespaces have no AUDIT. */
  lastPolicyDropAt: number | undefined;
  /** The namespace's own warnings; cluster-wide ones are in {@link RolloutOverview.clusterWarnings}. */
  warnings: ChecklistWarning[];
  /** The namespace's newest audit window, when the feature is on and it had one. */
  auditWindow?: WindowSummary;
}

/** Folds a checklist into its overview row. */
export function checklistProgress(
  checklist: NamespaceChecklist,
  facts: { rank: NamespaceRank | undefined; openFindings: number; heldFindings?: number; lastAuditAt: number | undefined; lastPolicyDropAt?: number },
): NamespaceProgress {
  const states = checklist.steps.map((s) => s.state);
  const current = checklist.steps.find((s) => s.state !== 'done');
  return {
    namespace: checklist.namespace,
    rank: facts.rank?.rank,
    states,
    done: states.filter((s) => s === 'done').length,
    currentStep: current?.step,
    currentAction: current?.nextAction.text,
    openFindings: facts.openFindings,
    heldFindings: facts.heldFindings ?? 0,
    lastAuditAt: facts.lastAuditAt,
    lastPolicyDropAt: facts.lastPolicyDropAt,
    warnings: checklist.warnings.filter((w) => w.severity !== 'info' && !isClusterWarning(w)),
    ...(checklist.auditWindow?.current && { auditWindow: windowSummary(checklist.auditWindow) }),
  };
}

/** Overview rows in ranking order (unranked last, by name). */
export function sortProgress(rows: readonly NamespaceProgress[]): NamespaceProgress[] {
  return [...rows].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0));
}

/** What `GET /api/checklist` returns: where the rollout stands in every namespace. */
export interface RolloutOverview {
  /** Every namespace, in step 2's ranking order. */
  namespaces: NamespaceProgress[];
  /** Warnings about the whole cluster, once each (not repeated on every row). */
  clusterWarnings: ChecklistWarning[];
  /** The one thing to do next in the cluster; undefined when every namespace is done. */
  next: ClusterNextStep | undefined;
  relay: RelayFacts;
  /** Whether Lockstep reads the Kubernetes API, and why not. */
  kubernetes: { enabled: true; source: string } | { enabled: false; reason: string };
  generatedAt: number;
}
