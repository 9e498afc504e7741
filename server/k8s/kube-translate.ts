import 'server-only';
import type { V1ConfigMap, V1Pod } from '@kubernetes/client-node';
import type { AuditModeFact, PodFacts } from '@/lib/checklist/checklist';
import { DEFAULT_WORKLOAD_LABELS } from '@/lib/graph/workload-identity';
import { workloadNameOfPod } from '@/lib/graph/workload-name-of-pod';
import { isCiliumPolicy, type CiliumPolicy } from '@/lib/policy/cnp-types';
import { parseAllowLocalhost, type ClusterFacts } from '@/lib/policy/cluster-facts';

/** Wire (Kubernetes API objects) to checklist facts: the only place that reads client-node types. */

/** The ConfigMap key Cilium's agent reads (Helm value `policyAuditMode`). */
export const AUDIT_MODE_KEY = 'policy-audit-mode';

/**
 * `policy-audit-mode` of the cilium-config ConfigMap (a missing key is Cilium's default, false) and a hint of
 * when it changed: the newest managedFields entry that touched the key, else the newest entry at all.
 */
export function toAuditModeFact(configMap: V1ConfigMap): AuditModeFact {
  const value = configMap.data?.[AUDIT_MODE_KEY]?.trim().toLowerCase();
  const fields = configMap.metadata?.managedFields ?? [];
  const touching = fields.filter((f) => JSON.stringify(f.fieldsV1 ?? {}).includes(`"f:${AUDIT_MODE_KEY}"`));
  const times = (touching.length ? touching : fields).map((f) => toMillis(f.time)).filter((t): t is number => t !== undefined);
  return {
    enabled: value === 'true' || value === 'enabled',
    changedAt: times.length ? Math.max(...times) : undefined,
    resourceVersion: configMap.metadata?.resourceVersion ?? '',
  };
}

/**
 * `allow-localhost` and `cluster-name` of cilium-config. A missing `allow-localhost` is Cilium's default `auto`
 * (which the agent turns into `always` in Kubernetes mode); a missing `cluster-name` is `default`.
 */
export function toClusterFacts(configMap: V1ConfigMap): Partial<ClusterFacts> {
  const allowLocalhost = parseAllowLocalhost(configMap.data?.['allow-localhost']) ?? 'auto';
  const clusterName = configMap.data?.['cluster-name']?.trim() || 'default';
  return { allowLocalhost, clusterName, allowLocalhostSource: 'cilium-config' };
}

function toMillis(value: Date | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A pod with its namespace (lists across namespaces). */
export interface NamespacedPod extends PodFacts {
  namespace: string;
}

/**
 * Pods Cilium manages: host-network pods have the host's identity (no policy selects them) and finished pods
 * have no endpoint, so both are left out. The workload name follows the service map's rule (stable label first,
 * then the pod name without its replica suffix), so that "not yet seen active" compares like with like.
 */
export function toPodFacts(pods: readonly V1Pod[]): NamespacedPod[] {
  const out: NamespacedPod[] = [];
  for (const pod of pods) {
    if (pod.spec?.hostNetwork || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    const name = pod.metadata?.name ?? '';
    const labels = { ...(pod.metadata?.labels ?? {}) };
    const byLabel = DEFAULT_WORKLOAD_LABELS.map((k) => labels[k]).find(Boolean);
    out.push({ namespace: pod.metadata?.namespace ?? '', name, workload: byLabel ?? workloadNameOfPod(name), labels });
  }
  return out.sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

/**
 * Cilium policies of a custom-object list (`{items: [...]}`), reduced to what evaluation needs. A list answer
 * carries `apiVersion`/`kind` on the list; items may omit them, so they are filled in from `kind`.
 */
export function toCiliumPolicies(list: unknown, kind: CiliumPolicy['kind']): CiliumPolicy[] {
  const items = (list as { items?: unknown[] } | undefined)?.items;
  if (!Array.isArray(items)) return [];
  return items
    .map((item): unknown => ({ apiVersion: 'cilium.io/v2', kind, ...(item as object) }))
    .filter((p): p is CiliumPolicy => isCiliumPolicy(p))
    .map((p) => ({
      apiVersion: p.apiVersion,
      kind: p.kind,
      metadata: { name: String(p.metadata?.name ?? ''), ...(p.metadata?.namespace && { namespace: String(p.metadata.namespace) }) },
      ...(p.spec && { spec: p.spec }),
      ...(p.specs && { specs: p.specs }),
    }) as CiliumPolicy)
    .sort((a, b) => key(a).localeCompare(key(b)));
}

function key(p: CiliumPolicy): string {
  return `${p.metadata.namespace ?? ''}/${p.metadata.name}`;
}
