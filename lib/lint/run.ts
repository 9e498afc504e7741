import type { CiliumPolicy } from '../policy/cnp-types';
import { compilePolicies } from '../policy/evaluate-compile';
import type { LintContext, LintFinding, LintPolicyInput, LintProblem } from './lint-rule';
import { formatLintMessage, lintDescriptor, type LintId } from './registry';
import { LINT_RULES } from './all-rules';
import { locatePath } from './locate-path';
import { policyNamespace } from './walk-policy';

/** Options of {@link lintPolicies}. */
export interface LintPoliciesOptions {
  /** Run only these rules. Default: every rule in the registry. */
  only?: readonly LintId[];
}

/**
 * Lints policies (existing and suggested together, so that cross-policy rules such as the DNS companion check
 * see the whole set). Problems are values, never exceptions; sorted by policy (input order), path and code.
 * Rollout-level problems (no policy) come first.
 */
export function lintPolicies(
  inputs: readonly (LintPolicyInput | CiliumPolicy)[],
  context: LintContext = {},
  options: LintPoliciesOptions = {},
): LintProblem[] {
  const policies = inputs.map(toInput);
  const compiled = compilePolicies(policies.map((p) => p.policy), { defaultNamespace: context.defaultNamespace, cluster: context.cluster });
  const rules = options.only ? LINT_RULES.filter((r) => options.only!.includes(r.id)) : LINT_RULES;
  const findings = rules.flatMap((rule) => rule.check({ policies, context, compiled }));
  findings.sort(compareFindings);
  return findings.map((finding) => toProblem(finding, policies, context));
}

function toInput(input: LintPolicyInput | CiliumPolicy): LintPolicyInput {
  return 'policy' in input && !('kind' in input) ? input : { policy: input as CiliumPolicy };
}

function toProblem(finding: LintFinding, policies: readonly LintPolicyInput[], context: LintContext): LintProblem {
  const descriptor = lintDescriptor(finding.id);
  const problem: LintProblem = {
    code: descriptor.code,
    id: finding.id,
    severity: descriptor.severity,
    message: formatLintMessage(descriptor.message, finding.params),
    path: finding.path,
  };
  const input = finding.policyIndex === undefined ? undefined : policies[finding.policyIndex];
  if (!input) return problem;
  const { policy } = input;
  problem.policy = { name: String(policy.metadata?.name ?? ''), namespace: policyNamespace(policy, context.defaultNamespace) ?? '', kind: policy.kind };
  if (input.sourceText !== undefined || input.sourcePath !== undefined) {
    const at = input.sourceText === undefined ? undefined : locatePath(input.sourceText, input.documentIndex ?? 0, finding.path);
    problem.source = { path: input.sourcePath, line: at?.line, column: at?.column };
  }
  return problem;
}

function compareFindings(a: LintFinding, b: LintFinding): number {
  const pa = a.policyIndex ?? -1;
  const pb = b.policyIndex ?? -1;
  if (pa !== pb) return pa - pb;
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  const ca = lintDescriptor(a.id).code;
  const cb = lintDescriptor(b.id).code;
  return ca < cb ? -1 : ca > cb ? 1 : 0;
}
