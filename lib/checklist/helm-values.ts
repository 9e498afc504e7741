import { Document } from 'yaml';
import { YAML_OUTPUT_OPTIONS } from '../policy/to-yaml';

/**
 * The Cilium Helm values of steps 1, 3 and 7, as YAML built through the `yaml` Document API (never by string
 * concatenation), with comments saying why.
 */

/** Step 1: Hubble, the relay, the UI and the metrics the rollout post enables. */
export function hubbleHelmValues(): string {
  const doc = new Document({
    hubble: {
      enabled: true,
      relay: { enabled: true, rollOutPods: true },
      ui: { enabled: true, rollOutPods: true },
      metrics: { enableOpenMetrics: true, enabled: ['dns:query;answer', 'drop', 'tcp', 'flow', 'icmp', 'httpV2'] },
    },
  });
  // On the contents, not the document: no blank line between the comment and the values it explains.
  doc.contents!.commentBefore = ' Cilium Helm values (rollout step 1): Hubble Relay streams every node\'s flows; Lockstep reads it.';
  return doc.toString(YAML_OUTPUT_OPTIONS);
}

/** Steps 3 (`true`) and 7 (`false`): the agent-wide audit switch. */
export function auditModeHelmValues(enabled: boolean): string {
  const doc = new Document({ policyAuditMode: enabled });
  doc.contents!.commentBefore = enabled
    ? ' Rollout step 3. TEMPORARY: policies are evaluated but drops are only logged (Hubble verdict AUDIT).\n' +
      ' Agent-wide: namespaces that already enforce stop enforcing until this is false again.'
    : ' Rollout step 7: policies enforce for real. Roll back by setting it to true again.';
  return doc.toString(YAML_OUTPUT_OPTIONS);
}

/** Checks what the agents run with (the ConfigMap can be ahead of agents that have not restarted yet). */
export const AUDIT_MODE_CHECK_COMMAND = 'kubectl -n kube-system rollout status ds/cilium\nkubectl -n kube-system exec ds/cilium -- cilium-dbg config | grep -i policyauditmode';
