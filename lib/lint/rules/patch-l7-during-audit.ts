import type { LintFinding, LintRule } from '../lint-rule';
import type { L7Rules } from '../../policy/cnp-types';
import { rulesOf } from '../walk-policy';

/**
 * `patch.l7-during-audit`: a suggested policy (origin `suggested`) with L7 rules while audit mode is on
 * (`auditMode`, or `auditSince` set). Audit mode does not cover L7 (§20). A DNS rule that is only
 * `matchPattern: "*"` refuses nothing and is the FQDN companion's visibility rule, so it is not reported.
 */
export const patchL7DuringAudit: LintRule = {
  id: 'patch.l7-during-audit',
  check({ policies, context }) {
    if (!(context.auditMode ?? context.auditSince !== undefined)) return [];
    const findings: LintFinding[] = [];
    policies.forEach(({ policy, origin }, policyIndex) => {
      if (origin !== 'suggested') return;
      for (const entry of rulesOf(policy)) {
        (entry.rule.toPorts ?? []).forEach((portRule, k) => {
          const kind = restrictiveL7Kind(portRule?.rules);
          if (kind) findings.push({ id: 'patch.l7-during-audit', policyIndex, path: `${entry.path}/toPorts[${k}]/rules`, params: { kind } });
        });
      }
    });
    return findings;
  },
};

function restrictiveL7Kind(rules: L7Rules | undefined): string | undefined {
  if (!rules || typeof rules !== 'object') return undefined;
  const kinds = Object.keys(rules).filter((kind) => {
    const list = (rules as Record<string, unknown>)[kind];
    if (!Array.isArray(list) || list.length === 0) return false;
    if (kind !== 'dns') return true;
    return !list.every((r: { matchPattern?: string }) => r?.matchPattern === '*');
  });
  return kinds.length ? kinds.join('/').toUpperCase() : undefined;
}
