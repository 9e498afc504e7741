import type { Flow } from '../flow/flow';
import type { CiliumPolicy } from './cnp-types';
import type { FlowVerdict } from './evaluate-model';
import { compilePolicies, type CompiledPolicies, type CompilePoliciesOptions } from './evaluate-compile';
import { evaluateFlow } from './evaluate-flow';

/**
 * Evaluates `flows` against `policies` (objects or an already compiled set), one verdict per flow in order.
 * Convenience over {@link compilePolicies} + {@link evaluateFlow}; compile once yourself when evaluating
 * against the same policies repeatedly.
 */
export function evaluatePolicies(
  policies: readonly CiliumPolicy[] | CompiledPolicies,
  flows: readonly Flow[],
  options: CompilePoliciesOptions = {},
): FlowVerdict[] {
  const compiled = toCompiledPolicies(policies, options);
  return flows.map((flow) => evaluateFlow(flow, compiled));
}

/** `policies` compiled, unless already compiled. */
export function toCompiledPolicies(policies: readonly CiliumPolicy[] | CompiledPolicies, options: CompilePoliciesOptions = {}): CompiledPolicies {
  return Array.isArray(policies) ? compilePolicies(policies as readonly CiliumPolicy[], options) : (policies as CompiledPolicies);
}
