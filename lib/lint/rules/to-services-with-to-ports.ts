import type { LintFinding, LintRule } from '../lint-rule';
import { rulesOf } from '../walk-policy';

/** `to-services.with-to-ports`: an egress rule combining `toServices` with `toPorts` (docs/cnp-semantics.md §16). */
export const toServicesWithToPorts: LintRule = {
  id: 'to-services.with-to-ports',
  check({ policies }) {
    const findings: LintFinding[] = [];
    policies.forEach(({ policy }, policyIndex) => {
      for (const entry of rulesOf(policy)) {
        if (entry.rule.toServices?.length && entry.rule.toPorts?.length) {
          findings.push({ id: 'to-services.with-to-ports', policyIndex, path: `${entry.path}/toServices`, params: {} });
        }
      }
    });
    return findings;
  },
};
