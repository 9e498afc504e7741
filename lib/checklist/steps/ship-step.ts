import { listNames, plural } from '../format';
import type { ChecklistStep, Evidence, StepState } from '../checklist';
import { confirmation, evidence, kubeUnavailable, makeStep, type StepContext } from '../step-context';

/**
 * Step 4, the namespace's own CiliumNetworkPolicies selecting its pods (namespace):
 * - Kubernetes (pods and CNPs readable), measured only: done when every pod is selected by one of the
 *   namespace's CNPs; in-progress when some are; todo when none is (or there are no pods).
 * - Otherwise (confirmable): done when confirmed, or when the known policy files select every workload seen;
 *   in-progress when they select some, or when AUDIT verdicts show that something selects the namespace; todo.
 */
export function shipStep(ctx: StepContext): ChecklistStep {
  const { input, selection } = ctx;
  const own = selection.own;
  const measured = selection.source === 'kubernetes';
  const by = measured ? undefined : confirmation(ctx, 4);
  const coverage: StepState = own.selected.length > 0 ? (own.unselected.length === 0 ? 'done' : 'in-progress') : 'todo';
  const state: StepState = measured ? coverage : by ? 'done' : coverage === 'todo' && input.audit.flows > 0 ? 'in-progress' : coverage;
  const href = `/namespaces/${encodeURIComponent(input.namespace)}?tab=findings`;
  const missing = own.unselected.length ? ` Not selected yet: ${listNames(own.unselected)}.` : '';
  return makeStep(4, {
    state,
    evidence: evidenceOf(ctx),
    nextAction: {
      text:
        state === 'done'
          ? 'Every workload is selected by a policy of its own namespace. New findings land in the suggested patch on the Findings tab.'
          : `Ship every policy of ${input.namespace} in one batch: open the suggested patch on the Findings tab as one pull request (or download /api/namespaces/${input.namespace}/export.yaml).${missing}`,
      href,
    },
    confirmable: !measured,
    by: state === 'done' ? by : undefined,
  });
}

function evidenceOf(ctx: StepContext): Evidence[] {
  const { selection, input } = ctx;
  const own = selection.own;
  if (selection.source === 'kubernetes') {
    return [
      evidence('CiliumNetworkPolicies selecting its pods', own.policies.length ? listNames(own.policies.map((p) => p.replace(/^\S+ /, ''))) : 'none', 'kubernetes'),
      evidence('Pods', plural(selection.subjects, 'pod'), 'kubernetes'),
      evidence('Workloads not selected', own.unselected.length ? listNames(own.unselected) : 'none', 'kubernetes'),
    ];
  }
  const files = input.policyFiles.map((f) => f.name);
  const k = input.kubernetes;
  const kube = kubeUnavailable(input, k.status === 'on' ? (k.pods.ok ? k.policies : k.pods) : undefined) ?? 'Kubernetes API read';
  return [
    evidence('Pods and policies in the cluster', kube, 'kubernetes'),
    evidence('Policy files (GitOps repository)', files.length ? listNames(files, 3) : 'none known', 'measured'),
    evidence('Workloads seen selected by them', own.selected.length ? listNames(own.selected) : 'none', 'measured'),
    evidence('Workloads seen not selected', own.unselected.length ? listNames(own.unselected) : 'none', 'measured'),
  ];
}
