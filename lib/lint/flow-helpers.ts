import type { Endpoint, Flow } from '../flow/flow';
import type { CompiledPolicies, CompiledSpec } from '../policy/evaluate-compile';
import { createEndpointCache, type EndpointCache } from '../policy/evaluate-endpoints';
import type { EndpointInfo } from '../policy/selector-entities';
import { selectorMatches } from '../policy/selector-matches';

/** Flows that carry a connection decision: no replies, no L7 records. */
export function connectionFlows(flows: readonly Flow[] | undefined): Flow[] {
  return (flows ?? []).filter((f) => f.isReply !== true && f.type !== 'L7' && f.eventType !== 129);
}

/** Classifies endpoints once per identity and label set. */
export interface EndpointClassifier {
  info(endpoint: Endpoint): EndpointInfo;
}

/** A classifier backed by the evaluator's endpoint cache. */
export function createClassifier(): EndpointClassifier {
  const cache: EndpointCache<never> = createEndpointCache<never>();
  return { info: (endpoint) => cache.lookup(endpoint).info };
}

/** True when the compiled spec's `endpointSelector` selects the endpoint (a pod). */
export function specSelects(spec: CompiledSpec, info: EndpointInfo): boolean {
  return info.isPod && spec.subject !== undefined && selectorMatches(spec.subject, info.labels);
}

/** The compiled specs of one input policy. */
export function compiledSpecsOf(compiled: CompiledPolicies, policyIndex: number): CompiledSpec[] {
  return compiled.specs.filter((s) => s.policyIndex === policyIndex);
}

/** The compiled spec at `specPath` of one input policy. */
export function compiledSpecAt(compiled: CompiledPolicies, policyIndex: number, specPath: string): CompiledSpec | undefined {
  return compiled.specs.find((s) => s.policyIndex === policyIndex && s.specPath === specPath);
}

/** `namespace/workload` of a pod endpoint (workload, else pod name), or its reserved entity. */
export function endpointName(endpoint: Endpoint): string {
  if (!endpoint.namespace) return endpoint.labels.find((l) => l.startsWith('reserved:')) ?? `identity ${endpoint.identity}`;
  return `${endpoint.namespace}/${endpoint.workloads[0]?.name ?? endpoint.podName}`;
}

/** Destination port (or ICMP type) of a flow, or undefined without L4. */
export function flowPort(flow: Flow): number | undefined {
  const l4 = flow.l4;
  if (!l4) return undefined;
  return 'destinationPort' in l4 ? l4.destinationPort : 'type' in l4 ? l4.type : undefined;
}
