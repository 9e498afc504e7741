import type { Flow } from '../flow/flow';
import type { Finding } from '../findings/finding';
import { CILIUM_API_VERSION, type CiliumNetworkPolicy, type CiliumPolicy } from '../policy/cnp-types';
import { compilePolicies, type CompiledPolicies } from '../policy/evaluate-compile';
import { evaluateFlow } from '../policy/evaluate-flow';
import { replayFlows, type NamespaceReplay } from '../policy/evaluate-replay';
import type { ClusterFacts } from '../policy/cluster-facts';
import { FlowReducer } from '../policy/reduce-flows';

/**
 * Before/after replay for one namespace. AUDIT verdicts prove that some policy selects their subject in that
 * direction, even when Lockstep has not seen that policy. For such subject/direction pairs a stand-in
 * "observed default-deny" policy (Cilium's `[{}]` idiom) is added to both sides, so "before" counts the holes
 * Cilium reported and "after" shows which the patch closes. FORWARDED verdicts are replayed only where the
 * user's policies are known: otherwise their allow rules are unknown and a replay would invent regressions.
 * Flows are replayed as verdict keys (`reduceFlows`): one evaluation per key, counts multiplied; finding samples
 * join only where their key is not already among the recorded flows (they are part of the capture then).
 */

/** Flows and findings that would be dropped if the policies were enforced now. */
export interface WouldDrop {
  /** Verdict events (new connections) of the findings whose traffic would still be dropped. */
  flows: number;
  findings: number;
  /** The replay of the recorded flows themselves. */
  replay: NamespaceReplay;
}

/** The result of {@link compareReplay}. */
export interface ReplayComparison {
  before: WouldDrop;
  after: WouldDrop;
  /** Subject/direction pairs whose selecting policy was inferred from AUDIT verdicts. */
  inferredDefaultDeny: string[];
}

/** Compares existing policies with existing + suggested on one namespace's recorded flows and findings. */
export function compareReplay(
  namespace: string,
  findings: readonly Finding[],
  flows: readonly Flow[],
  before: readonly CiliumPolicy[],
  after: readonly CiliumPolicy[],
  cluster?: Partial<ClusterFacts>,
): ReplayComparison {
  const options = { defaultNamespace: namespace, cluster };
  const compiledBefore = compilePolicies(before, options);
  const inferred = new Map<string, CiliumNetworkPolicy>();
  for (const finding of findings) {
    const sample = finding.samples[0];
    if (!sample || evaluateFlow(sample, compiledBefore).reason !== 'no-policy-selects') continue;
    const key = `${finding.subject.workload}/${finding.direction}`;
    if (!inferred.has(key)) inferred.set(key, observedDefaultDeny(finding));
  }
  const stand = [...inferred.values()];
  const compiledStand = compilePolicies(stand, options);
  const inferredSelects = (flow: Flow) => stand.length > 0 && evaluateFlow(flow, compiledStand).reason !== 'no-policy-selects';
  const reducer = new FlowReducer();
  // Only flows with an endpoint in the namespace can have a subject there.
  for (const flow of flows) if (flow.source.namespace === namespace || flow.destination.namespace === namespace) reducer.add(flow);
  for (const finding of findings) for (const sample of finding.samples) reducer.addIfAbsent(sample);
  const recorded = reducer.flows().filter((flow) => flow.eventType === 5 && (flow.verdict !== 'FORWARDED' || !inferredSelects(flow)));
  return {
    before: wouldDrop(namespace, findings, recorded, compilePolicies([...before, ...stand], options)),
    after: wouldDrop(namespace, findings, recorded, compilePolicies([...after, ...stand], options)),
    inferredDefaultDeny: [...inferred.keys()].sort(),
  };
}

function wouldDrop(namespace: string, findings: readonly Finding[], flows: readonly Flow[], compiled: CompiledPolicies): WouldDrop {
  let dropFlows = 0;
  let dropFindings = 0;
  for (const finding of findings) {
    if (finding.samples.some((s) => !evaluateFlow(s, compiled).allowed)) {
      dropFlows += finding.flows;
      dropFindings += 1;
    }
  }
  const replay = replayFlows(flows, compiled).namespaces.find((n) => n.namespace === namespace) ?? emptyReplay(namespace);
  return { flows: dropFlows, findings: dropFindings, replay };
}

function observedDefaultDeny(finding: Finding): CiliumNetworkPolicy {
  const section = finding.direction === 'INGRESS' ? { ingress: [{}] } : { egress: [{}] };
  return {
    apiVersion: CILIUM_API_VERSION,
    kind: 'CiliumNetworkPolicy',
    metadata: { name: `observed-default-deny-${finding.direction.toLowerCase()}`, namespace: finding.subject.namespace },
    spec: { endpointSelector: { matchLabels: { ...finding.subject.selector } }, ...section },
  };
}

function emptyReplay(namespace: string): NamespaceReplay {
  return { namespace, evaluated: 0, dropped: 0, byVerdict: {}, byReason: { 'denied-by': 0, 'default-deny': 0 }, connections: 0, sample: [] };
}
