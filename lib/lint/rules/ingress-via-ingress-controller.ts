import { countFlows } from '../../policy/reduce-flows';
import type { Flow } from '../../flow/flow';
import type { CompiledSelector } from '../../policy/selector-matches';
import { selectorMatches } from '../../policy/selector-matches';
import { NAMESPACE_LABEL, splitSelectorKey } from '../../policy/selector-compile';
import type { EndpointSelector } from '../../policy/cnp-types';
import type { LintFinding, LintRule } from '../lint-rule';
import { compiledSpecAt, connectionFlows, createClassifier, endpointName, specSelects, type EndpointClassifier } from '../flow-helpers';
import { createIngressControllerMatcher, type IngressControllerMatcher } from '../ingress-controllers';
import { describeSelector, policyNamespace, rulesOf } from '../walk-policy';

/**
 * `ingress.via-ingress-controller`: a CNP ingress allow for a caller in another namespace that never appears in
 * the recorded flows, while the same pods do receive traffic from the ingress controller. The caller most likely
 * uses the public hostname (hairpin through the ingress controller, blog "Internal DNS vs Public Hostname"), so
 * the allow is dead code. Needs `context.flows`; when the caller's own flows to the controller are recorded,
 * they are cited as evidence.
 */
export const ingressViaIngressController: LintRule = {
  id: 'ingress.via-ingress-controller',
  check({ policies, context, compiled }) {
    const flows = connectionFlows(context.flows);
    if (flows.length === 0) return [];
    const classify = createClassifier();
    const isController = createIngressControllerMatcher(context.ingressControllers);
    const findings: LintFinding[] = [];
    policies.forEach(({ policy }, policyIndex) => {
      const namespace = policyNamespace(policy, context.defaultNamespace);
      if (namespace === undefined) return;
      for (const entry of rulesOf(policy)) {
        const spec = compiledSpecAt(compiled, policyIndex, entry.specPath);
        if (entry.section !== 'ingress' || !spec) continue;
        const inbound = flows.filter((f) => f.trafficDirection !== 'EGRESS' && specSelects(spec, classify.info(f.destination)));
        const viaController = inbound.filter((f) => isController(classify.info(f.source)));
        if (viaController.length === 0) continue;
        (entry.rule.fromEndpoints ?? []).forEach((selector, j) => {
          const compiledPeer = spec.rules.ingress[entry.index]?.endpoints[j];
          if (!compiledPeer || !namesOtherNamespace(selector, namespace)) return;
          if (viaController.some((f) => selectorMatches(compiledPeer, classify.info(f.source).labels))) return;
          if (inbound.some((f) => selectorMatches(compiledPeer, classify.info(f.source).labels))) return;
          const params = {
            caller: describeSelector(selector),
            subject: endpointName(viaController[0].destination),
            controller: endpointName(viaController[0].source),
            controllerFlows: countFlows(viaController),
            evidence: hairpinEvidence(flows, compiledPeer, classify, isController),
          };
          findings.push({ id: 'ingress.via-ingress-controller', policyIndex, path: `${entry.path}/fromEndpoints[${j}]`, params });
        });
      }
    });
    return findings;
  },
};

/** True when the selector pins a namespace (matchLabels or `In`) and not the policy's own. */
function namesOtherNamespace(selector: EndpointSelector, namespace: string): boolean {
  const named: string[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (splitSelectorKey(key).key === NAMESPACE_LABEL) named.push(String(value));
  for (const e of selector.matchExpressions ?? []) {
    if (splitSelectorKey(String(e.key)).key === NAMESPACE_LABEL && e.operator === 'In') named.push(...(e.values ?? []).map(String));
  }
  return named.length > 0 && !named.includes(namespace);
}

function hairpinEvidence(flows: readonly Flow[], caller: CompiledSelector, classify: EndpointClassifier, isController: IngressControllerMatcher): string {
  const out = flows.filter((f) => f.trafficDirection !== 'INGRESS' && selectorMatches(caller, classify.info(f.source).labels));
  const toController = countFlows(out.filter((f) => isController(classify.info(f.destination))));
  const toWorld = countFlows(out.filter((f) => classify.info(f.destination).isWorld));
  if (toController > 0) return `; recorded: ${toController} flow(s) from the caller to the ingress controller`;
  if (toWorld > 0) return `; recorded: ${toWorld} flow(s) from the caller to the public (world) address of the ingress`;
  return '';
}
