import 'server-only';
import { Document } from 'yaml';
import type { ExistingPolicySource } from '@/lib/policy/suggested-policy';
import { homelabPolicies } from './homelab-policies';

/**
 * The demo cluster's own policies as the files of its GitOps repository (`apps/<namespace>/cilium-policies.yaml`),
 * so that on the demo relay Lockstep merges suggestions into existing files, as it would into a real repository.
 */
export function demoPolicyFiles(): ExistingPolicySource[] {
  const byNamespace = new Map<string, Document[]>();
  for (const policy of homelabPolicies()) {
    const namespace = policy.metadata.namespace ?? 'default';
    const doc = new Document(policy);
    doc.commentBefore = ` ${policy.metadata.name}: shipped in audit mode (rollout step 4).`;
    byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), doc]);
  }
  return [...byNamespace.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([namespace, docs]) => ({
      name: `apps/${namespace}/cilium-policies.yaml`,
      text: docs.map((d) => d.toString({ lineWidth: 0 })).join('---\n'),
    }));
}
