import type { LintFinding, LintRule } from '../lint-rule';
import { pathKey } from '../walk-policy';

const ANNOTATION = 'policy.cilium.io/audit-mode';

/**
 * `annotation.audit-mode`: the `policy.cilium.io/audit-mode` annotation (or label), which blog posts use but
 * Cilium does not have (docs/cnp-semantics.md §25): the policy enforces at once.
 */
export const annotationAuditMode: LintRule = {
  id: 'annotation.audit-mode',
  check({ policies }) {
    const findings: LintFinding[] = [];
    policies.forEach(({ policy }, policyIndex) => {
      for (const field of ['annotations', 'labels'] as const) {
        const map = policy.metadata?.[field];
        if (map && typeof map === 'object' && ANNOTATION in map) {
          findings.push({ id: 'annotation.audit-mode', policyIndex, path: `metadata/${field}/${pathKey(ANNOTATION)}`, params: {} });
        }
      }
    });
    return findings;
  },
};
