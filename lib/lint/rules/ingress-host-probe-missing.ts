import type { Flow } from '../../flow/flow';
import { evaluateFlow } from '../../policy/evaluate-flow';
import { flowCount } from '../../policy/reduce-flows';
import type { LintFinding, LintRule } from '../lint-rule';
import { connectionFlows, createClassifier, endpointName, flowPort, specSelects } from '../flow-helpers';

/**
 * `ingress.host-probe-missing`: recorded flows from the node (`reserved:host`, the kubelet's probes) into a pod
 * that the policies would drop by default-deny. Reported on every selecting policy that switches ingress
 * default-deny on, once per pod workload, with the probe ports seen. Needs `context.flows`. Silent unless the
 * cluster's `allow-localhost` is `policy` (rule 28): with `auto`/`always` the host reaches local pods anyway.
 */
export const ingressHostProbeMissing: LintRule = {
  id: 'ingress.host-probe-missing',
  check({ context, compiled }) {
    const classify = createClassifier();
    const groups = new Map<string, { policyIndex: number; path: string; pod: string; ports: Set<number>; count: number }>();
    for (const flow of connectionFlows(context.flows)) {
      if (flow.trafficDirection === 'EGRESS' || !classify.info(flow.source).entities.has('host')) continue;
      const destination = classify.info(flow.destination);
      if (!destination.isPod) continue;
      const verdict = evaluateFlow(asIngress(flow), compiled);
      if (verdict.allowed || verdict.reason !== 'default-deny') continue;
      const pod = endpointName(flow.destination);
      for (const spec of compiled.specs) {
        if (!spec.defaultDeny.ingress || !specSelects(spec, destination)) continue;
        const section = spec.rules.ingress.length > 0 ? 'ingress' : 'ingressDeny';
        const path = `${spec.specPath}/${section}`;
        const key = `${spec.policyIndex}|${path}|${pod}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { policyIndex: spec.policyIndex, path, pod, ports: new Set(), count: 0 }));
        group.count += flowCount(flow);
        const port = flowPort(flow);
        if (port !== undefined) group.ports.add(port);
      }
    }
    return [...groups.values()].map((g): LintFinding => ({
      id: 'ingress.host-probe-missing', policyIndex: g.policyIndex, path: g.path,
      params: {
        pod: g.pod, count: g.count, ports: [...g.ports].sort((a, b) => a - b).join(', ') || 'any',
        allowLocalhost: compiled.cluster.allowLocalhost, allowLocalhostSource: SOURCE_TEXT[compiled.cluster.allowLocalhostSource ?? 'default'],
      },
    }));
  },
};

const SOURCE_TEXT = { 'cilium-config': 'from cilium-config', user: 'set by the user', flows: 'shown by AUDIT verdicts from the host', default: 'default' } as const;

function asIngress(flow: Flow): Flow {
  return flow.trafficDirection === 'INGRESS' ? flow : { ...flow, trafficDirection: 'INGRESS' };
}
