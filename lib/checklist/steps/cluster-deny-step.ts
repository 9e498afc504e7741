import { defaultDenyCcnp, defaultDenyCcnpYaml } from '../../policy/default-deny-ccnp';
import { clusterDefaultDenies, type ClusterDefaultDeny } from '../cluster-default-deny';
import { listNames } from '../format';
import type { ChecklistStep, Evidence, StepState } from '../checklist';
import { confirmation, evidence, kubeUnavailable, makeStep, type StepContext } from '../step-context';
import { checklistWarning } from '../warnings';

/**
 * Step 8, a cluster-wide default-deny CCNP with DNS allowed in the same resource (cluster):
 * - CCNPs readable, measured only: blocked when a default-deny CCNP lacks the DNS allow (cluster DNS breaks);
 *   done when one covers new namespaces with DNS in the same resource; in-progress when default-deny CCNPs exist
 *   but none covers new namespaces; todo when there is none.
 * - Otherwise: done when confirmed by hand, else todo.
 */
export function clusterDenyStep(ctx: StepContext): ChecklistStep {
  const { input } = ctx;
  const k = input.kubernetes;
  const ccnps = k.status === 'on' && k.clusterPolicies.ok ? k.clusterPolicies.value : undefined;
  const readable = ccnps !== undefined;
  const denies = ccnps ? clusterDefaultDenies(ccnps, input.namespace) : [];
  const broken = denies.filter((d) => !d.dnsInSameResource);
  const by = readable ? undefined : confirmation(ctx, 8);
  const state: StepState = readable ? measuredState(denies) : by ? 'done' : 'todo';
  const policy = defaultDenyCcnp({ resolvers: input.resolvers });
  const yaml = defaultDenyCcnpYaml(policy, { detection: { source: input.resolverSource } });
  return makeStep(8, {
    state,
    evidence: readable ? measuredEvidence(denies, input.namespace) : [evidence('CiliumClusterwideNetworkPolicies', kubeUnavailable(input, k.status === 'on' ? k.clusterPolicies : undefined) ?? 'unknown', 'kubernetes')],
    nextAction: {
      text:
        state === 'done'
          ? 'New namespaces start in default-deny, with DNS allowed by the same policy.'
          : 'After step 7, apply one CCNP that default-denies every namespace but kube-system and allows DNS in the same resource (two passes would cut cluster DNS in between). Open it as a pull request, or copy it:',
      ...(state !== 'done' && { copy: yaml, language: 'yaml' as const }),
    },
    confirmable: !readable,
    by,
    warnings: broken.length ? [checklistWarning('ccnp.dns-not-in-same-resource', { policies: broken.map((d) => d.name) }, 8)] : [],
  });
}

function measuredState(denies: readonly ClusterDefaultDeny[]): StepState {
  if (denies.some((d) => !d.dnsInSameResource)) return 'blocked';
  if (denies.some((d) => d.coversNewNamespaces)) return 'done';
  return denies.length ? 'in-progress' : 'todo';
}

function measuredEvidence(denies: readonly ClusterDefaultDeny[], namespace: string): Evidence[] {
  if (denies.length === 0) return [evidence('Default-deny CCNPs', 'none', 'kubernetes')];
  return [
    evidence('Default-deny CCNPs', listNames(denies.map((d) => d.name)), 'kubernetes'),
    evidence(`Covers ${namespace}`, denies.some((d) => d.coversNamespace) ? 'yes' : 'no', 'kubernetes'),
    evidence('Covers new namespaces', denies.some((d) => d.coversNewNamespaces) ? 'yes' : 'no', 'kubernetes'),
    evidence('DNS allowed in the same resource', denies.every((d) => d.dnsInSameResource) ? 'yes' : `no: ${listNames(denies.filter((d) => !d.dnsInSameResource).map((d) => d.name))}`, 'kubernetes'),
  ];
}
