import type { Flow, PolicyRef } from '@/lib/flow/flow';
import { FieldList } from './field-list';

/** `policy_match_type` names (`pkg/monitor/api/types.go`, metric label strings): not a proto enum. */
const MATCH_TYPES = ['none', 'l3-only', 'l3-l4', 'l4-only', 'all', 'l3-proto', 'proto-only'];

function policies(refs: readonly PolicyRef[]): string {
  return refs.map((p) => `${p.kind || 'policy'} ${p.namespace ? `${p.namespace}/` : ''}${p.name}${p.revision ? ` (revision ${p.revision})` : ''}`).join(', ') || '-';
}

/**
 * Which policies decided the flow, as Hubble reports it (`ingress_allowed_by`, `egress_allowed_by`,
 * `ingress_denied_by`, `egress_denied_by`, `policy_match_type`), and why an AUDIT flow usually has none.
 */
export function FlowPolicyAttribution({ flow }: { flow: Flow }) {
  const rows: [string, string][] = [
    ['policy match', `${flow.policyMatchType} (${MATCH_TYPES[flow.policyMatchType] ?? 'unknown'})`],
    ['ingress allowed by', policies(flow.ingressAllowedBy)],
    ['egress allowed by', policies(flow.egressAllowedBy)],
    ['ingress denied by', policies(flow.ingressDeniedBy)],
    ['egress denied by', policies(flow.egressDeniedBy)],
  ];
  const none = [flow.ingressAllowedBy, flow.egressAllowedBy, flow.ingressDeniedBy, flow.egressDeniedBy].every((l) => l.length === 0);
  return (
    <section className="mb-3" data-testid="flow-policy-attribution">
      <h4 className="font-semibold">Policy attribution</h4>
      <FieldList rows={rows} />
      {none && flow.verdict === 'AUDIT' && (
        <p className="mt-1 text-slate-600">
          Released Cilium agents attach no policy to AUDIT verdicts, and match type {flow.policyMatchType === 0 ? '0 (none) means no allow rule matched: the default deny would drop it' : `${flow.policyMatchType}`}. The finding above names the rule that is missing.
        </p>
      )}
    </section>
  );
}
