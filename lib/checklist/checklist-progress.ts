import type { ChecklistWarning, NamespaceChecklist, NamespaceRank, RelayFacts, StepNumber, StepState } from './model';

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
  openFindings: number;
  lastAuditAt: number | undefined;
  warnings: ChecklistWarning[];
}

/** Folds a checklist into its overview row. */
export function checklistProgress(
  checklist: NamespaceChecklist,
  facts: { rank: NamespaceRank | undefined; openFindings: number; lastAuditAt: number | undefined },
): NamespaceProgress {
  const states = checklist.steps.map((s) => s.state);
  return {
    namespace: checklist.namespace,
    rank: facts.rank?.rank,
    states,
    done: states.filter((s) => s === 'done').length,
    currentStep: checklist.steps.find((s) => s.state !== 'done')?.step,
    openFindings: facts.openFindings,
    lastAuditAt: facts.lastAuditAt,
    warnings: checklist.warnings.filter((w) => w.severity !== 'info'),
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
  relay: RelayFacts;
  /** Whether Lockstep reads the Kubernetes API, and why not. */
  kubernetes: { enabled: true; source: string } | { enabled: false; reason: string };
  generatedAt: number;
}
