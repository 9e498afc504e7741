import type { NamespaceRank } from './checklist';

/** One namespace as step 2 weighs it. */
export interface RankCandidate {
  namespace: string;
  /** Workloads seen with traffic. */
  workloads: number;
  /** Peers outside the namespace that connect into it. */
  inboundPeers: number;
  /** Flows seen. */
  flows: number;
}

/** Options of {@link rankNamespaces}. */
export interface RankNamespacesOptions {
  /**
   * Namespaces that are never a first pick (the cluster's own plumbing). Default: `kube-system`, `kube-public`,
   * `kube-node-lease`, and any namespace starting with `cilium`.
   */
  isSystem?: (namespace: string) => boolean;
}

/** The default {@link RankNamespacesOptions.isSystem}. */
export function isSystemNamespace(namespace: string): boolean {
  return namespace === 'kube-system' || namespace === 'kube-public' || namespace === 'kube-node-lease' || namespace.startsWith('cilium');
}

function tier(c: RankCandidate, isSystem: (ns: string) => boolean): 0 | 1 | 2 {
  if (isSystem(c.namespace)) return 2;
  return c.workloads === 0 ? 1 : 0;
}

const NOTES = [undefined, 'no workload seen with traffic yet: nothing to observe', 'system namespace: not a first pick'] as const;

/**
 * Step 2's ranking, lowest stakes first. Rules, in order:
 * 1. tiers: namespaces with traffic first; then those with no workload seen (nothing to observe); system
 *    namespaces last;
 * 2. within a tier: fewer workloads, then fewer inbound peers (fewer dependants), then fewer flows, then name.
 */
export function rankNamespaces(candidates: readonly RankCandidate[], options: RankNamespacesOptions = {}): NamespaceRank[] {
  const isSystem = options.isSystem ?? isSystemNamespace;
  const sorted = [...candidates].sort(
    (a, b) =>
      tier(a, isSystem) - tier(b, isSystem) ||
      a.workloads - b.workloads ||
      a.inboundPeers - b.inboundPeers ||
      a.flows - b.flows ||
      (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0),
  );
  return sorted.map((c, i) => ({ ...c, rank: i + 1, note: NOTES[tier(c, isSystem)] }));
}
