import type { LintFinding, LintRule } from '../lint-rule';
import type { CompiledSpec } from '../../policy/evaluate-compile';
import type { EndpointInfo } from '../../policy/selector-entities';
import { compiledSpecAt, connectionFlows, createClassifier, specSelects } from '../flow-helpers';
import { syntheticSubject } from '../synthetic-subject';
import { policyNamespace, rulesOf, specsOf, type RuleEntry } from '../walk-policy';

/**
 * `fqdn.dns-companion-missing`: `toFQDNs` without an egress rule carrying `toPorts[].rules.dns` in a policy
 * that selects the same pods (§15). "Same pods": every source of the recorded egress flows this spec selects,
 * or, without flows, a synthetic pod built from the spec's selector.
 */
export const fqdnDnsCompanionMissing: LintRule = {
  id: 'fqdn.dns-companion-missing',
  check({ policies, context, compiled }) {
    const companions: CompiledSpec[] = [];
    policies.forEach(({ policy }, policyIndex) => {
      for (const entry of rulesOf(policy)) {
        if (entry.section === 'egress' && hasDnsRules(entry)) {
          const spec = compiledSpecAt(compiled, policyIndex, entry.specPath);
          if (spec && !companions.includes(spec)) companions.push(spec);
        }
      }
    });
    const classify = createClassifier();
    const flows = connectionFlows(context.flows).filter((f) => f.trafficDirection !== 'INGRESS');
    const findings: LintFinding[] = [];
    policies.forEach(({ policy }, policyIndex) => {
      for (const { spec, specPath } of specsOf(policy)) {
        const index = (spec.egress ?? []).findIndex((rule) => (rule?.toFQDNs?.length ?? 0) > 0);
        const self = compiledSpecAt(compiled, policyIndex, specPath);
        if (index === -1 || !self || companions.includes(self)) continue;
        const subjects = distinct(flows.map((f) => classify.info(f.source)).filter((info) => specSelects(self, info)));
        if (subjects.length === 0) subjects.push(syntheticSubject(spec, policyNamespace(policy, context.defaultNamespace)));
        if (subjects.every((s) => companions.some((c) => specSelects(c, s)))) continue;
        findings.push({ id: 'fqdn.dns-companion-missing', policyIndex, path: `${specPath}/egress[${index}]/toFQDNs`, params: { detail: detail(policy, specPath, companions.length) } });
      }
    });
    return findings;
  },
};

function hasDnsRules(entry: RuleEntry): boolean {
  return (entry.rule.toPorts ?? []).some((p) => (p?.rules?.dns?.length ?? 0) > 0);
}

function distinct(infos: EndpointInfo[]): EndpointInfo[] {
  return [...new Set(infos)];
}

function detail(policy: Parameters<typeof rulesOf>[0], specPath: string, companionCount: number): string {
  const plain = rulesOf(policy).find((e) => e.specPath === specPath && e.section === 'egress' && allowsPort53(e) && !hasDnsRules(e));
  if (plain) return `The rule at ${plain.path} allows port 53 but has no rules.dns, so DNS answers bypass the DNS proxy.`;
  return companionCount === 0 ? 'No policy in the set has one.' : 'No policy with a DNS rule selects these pods.';
}

function allowsPort53(entry: RuleEntry): boolean {
  return (entry.rule.toPorts ?? []).some((p) => (p?.ports ?? []).some((port) => String(port?.port) === '53'));
}
