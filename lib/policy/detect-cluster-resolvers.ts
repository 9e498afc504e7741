import type { Finding, Peer } from '../findings/finding';
import { NAMESPACE_LABEL } from '../findings/to-peer';

/** A DNS resolver as a cluster-wide peer: endpoint selectors always carry the namespace label (docs/cnp-semantics.md §4). */
export type ClusterResolver =
  | { kind: 'endpoint'; namespace: string; workload: string; selector: Record<string, string> }
  | { kind: 'entity'; entity: Extract<Peer, { kind: 'entity' }>['entity'] }
  | { kind: 'cidr'; cidr: string };

/** The resolvers of the cluster, and how Lockstep knows them. */
export interface ClusterResolvers {
  /** Sorted and de-duplicated. */
  resolvers: ClusterResolver[];
  /** `detected`: seen answering DNS in the findings; `fallback`: none seen, the conventional kube-dns. */
  source: 'detected' | 'fallback';
  /** Findings the detection is based on (sorted ids). */
  findingIds: string[];
}

const DNS_PORT = 53;
const BARE_NAMESPACE_LABEL = NAMESPACE_LABEL.replace(/^k8s:/, '');

/** The conventional resolver (`kube-system`, `k8s-app=kube-dns`): used only when no DNS traffic was seen. */
export const FALLBACK_CLUSTER_RESOLVER: ClusterResolver = {
  kind: 'endpoint',
  namespace: 'kube-system',
  workload: 'kube-dns',
  selector: { [NAMESPACE_LABEL]: 'kube-system', 'k8s:k8s-app': 'kube-dns' },
};

/** A peer relative to some subject namespace, as a cluster-wide resolver (FQDN peers are not resolvers). */
function toClusterResolver(peer: Peer): ClusterResolver | undefined {
  switch (peer.kind) {
    case 'endpoint': {
      // Peer selectors omit the namespace label for same-namespace peers (§2); a CCNP always needs it (§4).
      const rest = Object.entries(peer.selector).filter(([k]) => k !== NAMESPACE_LABEL && k !== BARE_NAMESPACE_LABEL);
      return { kind: 'endpoint', namespace: peer.namespace, workload: peer.workload, selector: { [NAMESPACE_LABEL]: peer.namespace, ...Object.fromEntries(rest) } };
    }
    case 'entity':
      return { kind: 'entity', entity: peer.entity };
    case 'cidr':
      return { kind: 'cidr', cidr: peer.cidr };
    default:
      return undefined;
  }
}

function canonical(r: ClusterResolver): string {
  if (r.kind === 'endpoint') return JSON.stringify(['endpoint', Object.entries(r.selector).sort()]);
  return JSON.stringify([r.kind, r.kind === 'entity' ? r.entity : r.cidr]);
}

/**
 * The DNS resolvers workloads were seen using, cluster-wide: the resolvers behind FQDN findings (`finding.dns`,
 * when observed or inferred from DNS flows) and the peers of egress findings on port 53 (a DNS lookup that would
 * be dropped). Falls back to kube-dns when none was seen, and says so.
 */
export function detectClusterResolvers(findings: readonly Finding[]): ClusterResolvers {
  const found = new Map<string, ClusterResolver>();
  const ids = new Set<string>();
  const add = (peer: Peer, finding: Finding) => {
    const resolver = toClusterResolver(peer);
    if (!resolver) return;
    found.set(canonical(resolver), resolver);
    ids.add(finding.id);
  };
  for (const finding of findings) {
    if (finding.dns && finding.dns.source !== 'fallback') finding.dns.resolvers.forEach((peer) => add(peer, finding));
    const dnsLookup = finding.direction === 'EGRESS' && finding.port === DNS_PORT && (finding.protocol === 'UDP' || finding.protocol === 'TCP');
    if (dnsLookup && finding.peer.kind !== 'fqdn') add(finding.peer, finding);
  }
  if (found.size === 0) return { resolvers: [FALLBACK_CLUSTER_RESOLVER], source: 'fallback', findingIds: [] };
  const resolvers = [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  return { resolvers, source: 'detected', findingIds: [...ids].sort() };
}
