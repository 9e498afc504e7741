import { listNames, plural } from '../format';
import type { ChecklistStep, NamespaceRank } from '../checklist';
import { confirmation, evidence, makeStep, type StepContext } from '../step-context';

function describeRank(r: NamespaceRank): string {
  return `${r.namespace} (${plural(r.workloads, 'workload')}, ${plural(r.inboundPeers, 'inbound peer')})`;
}

/**
 * Step 2 (namespace): only `todo` or `done`.
 * - done: confirmed by hand for this namespace, or the rollout has visibly reached it (AUDIT verdicts seen there,
 *   or one of its own CiliumNetworkPolicies selects its pods);
 * - todo: otherwise.
 * The ranking (see `rankNamespaces`) is the evidence and the next action.
 */
export function pickStep(ctx: StepContext): ChecklistStep {
  const { input } = ctx;
  const rank = input.ranking.find((r) => r.namespace === input.namespace);
  const reached = input.audit.flows > 0 || ctx.selection.own.policies.length > 0;
  const by = reached ? undefined : confirmation(ctx, 2);
  const names = input.workloads.map((w) => w.name);
  const top = input.ranking.slice(0, 3).map((r) => `${r.rank}. ${describeRank(r)}`).join('; ');
  const text =
    rank?.rank === 1
      ? `${input.namespace} is the lowest-stakes namespace seen: a good first pick. Write one policy for it, following the anatomy of the blog policy.`
      : `Lowest stakes first: ${top || 'no namespace seen yet'}.${rank?.note ? ` ${input.namespace}: ${rank.note}.` : ''}`;
  return makeStep(2, {
    state: reached || by ? 'done' : 'todo',
    evidence: [
      evidence('Flows seen', `${plural(input.traffic.flows, 'flow')} (AUDIT ${input.traffic.verdicts.AUDIT ?? 0}, DROPPED ${input.traffic.verdicts.DROPPED ?? 0})`, 'measured'),
      evidence('Workloads seen active', names.length ? `${names.length}: ${listNames(names)}` : 'none yet', 'measured'),
      evidence('Inbound peers (who depends on it)', input.inboundPeers.length ? `${input.inboundPeers.length}: ${listNames(input.inboundPeers)}` : 'none seen', 'measured'),
      evidence('Ranking', rank ? `${rank.rank} of ${input.ranking.length}${rank.note ? ` (${rank.note})` : ''}` : 'not ranked (no traffic seen)', 'measured'),
      ...(reached ? [evidence('Picked', input.audit.flows > 0 ? 'AUDIT verdicts are reported here' : 'its own policies select its pods', 'measured')] : []),
    ],
    nextAction: { text },
    confirmable: !reached,
    by,
  });
}
