import type { Endpoint } from './flow';

/** A parsed Cilium label `source:key=value` (`pkg/labels/labels.go`). */
export interface Label {
  source: string;
  key: string;
  value: string;
}

/**
 * Parses one Cilium label string. `k8s:app=blog` → `{source:'k8s', key:'app', value:'blog'}`;
 * `reserved:host` → `{source:'reserved', key:'host', value:''}`. A label without a source gets `unspec`.
 */
export function parseLabel(label: string): Label {
  const eq = label.indexOf('=');
  const head = eq === -1 ? label : label.slice(0, eq);
  const value = eq === -1 ? '' : label.slice(eq + 1);
  const colon = head.indexOf(':');
  // NOTE: IPv6 CIDR labels use '-' instead of ':' (pkg/labels/cidr.go), so the first ':' always ends the source.
  if (colon === -1) return { source: 'unspec', key: head, value };
  return { source: head.slice(0, colon), key: head.slice(colon + 1), value };
}

/** The `k8s:` labels of an endpoint as a key → value map (source prefix removed). */
export function k8sLabels(endpoint: Endpoint): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of endpoint.labels) {
    const label = parseLabel(raw);
    if (label.source === 'k8s') out.set(label.key, label.value);
  }
  return out;
}

/** Reserved identities Hubble reports (`pkg/identity/numericidentity.go`), by number. */
export const RESERVED_IDENTITIES: Record<number, string> = {
  1: 'host',
  2: 'world',
  3: 'unmanaged',
  4: 'health',
  5: 'init',
  6: 'remote-node',
  7: 'kube-apiserver',
  8: 'ingress',
  9: 'world-ipv4',
  10: 'world-ipv6',
};

/**
 * The reserved entity of an endpoint (`host`, `world`, `kube-apiserver`, ...), or undefined for a pod.
 * Read from `reserved:` labels first, then from the numeric identity; `world-ipv4`/`world-ipv6` fold into
 * `world` (docs/cnp-semantics.md §12). An endpoint that is both kube-apiserver and remote-node is kube-apiserver.
 */
export function reservedEntity(endpoint: Endpoint): string | undefined {
  let found: string | undefined;
  for (const raw of endpoint.labels) {
    if (!raw.startsWith('reserved:')) continue;
    const key = parseLabel(raw).key;
    if (key === 'kube-apiserver') return 'kube-apiserver';
    found = found ?? key;
  }
  if (!found && endpoint.identity > 0 && endpoint.identity < 16) found = RESERVED_IDENTITIES[endpoint.identity];
  if (found === 'world-ipv4' || found === 'world-ipv6') return 'world';
  if (found === 'kube-apiserver') return found;
  // Identity 7 carries both kube-apiserver and remote-node labels.
  if (endpoint.identity === 7) return 'kube-apiserver';
  return found;
}

const UNSTABLE_EXACT = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'job-name',
  'controller-uid',
  // Beware a label key `host`: Cilium 1.20.0 skips enforcement for such pods (cilium/cilium#48027).
  'host',
  // The namespace is expressed separately, only for cross-namespace peers (docs/cnp-semantics.md §2).
  'io.kubernetes.pod.namespace',
]);

const UNSTABLE_PREFIXES = ['batch.kubernetes.io/', 'io.cilium.k8s.', 'io.cilium.'];

/**
 * True for a k8s label key that must never name a workload in a selector (docs/cnp-semantics.md §6): per-pod or
 * per-revision keys, Cilium-generated keys, the namespace key (expressed separately) and the key `host`.
 */
export function isUnstableLabelKey(key: string): boolean {
  return UNSTABLE_EXACT.has(key) || UNSTABLE_PREFIXES.some((prefix) => key.startsWith(prefix));
}
