import type { InternalPeer } from './classify-flow';
import type { Peer } from './finding';
import type { PodRef } from './resolve-endpoint';

/** The namespace label key as written in peer selectors. */
export const NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace';

/**
 * A peer selector: the workload's stable labels with the `k8s:` source prefix, plus the namespace label first
 * when, and only when, the peer lives in another namespace than the policy (docs/cnp-semantics.md §2).
 */
export function peerSelector(namespace: string, selector: Record<string, string>, subjectNamespace: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (namespace !== subjectNamespace) out[NAMESPACE_LABEL] = namespace;
  for (const [key, value] of Object.entries(selector)) out[`k8s:${key}`] = value;
  return out;
}

/** Resolves an internal peer to its final form relative to the subject's namespace. */
export function toPeer(
  peer: InternalPeer,
  subjectNamespace: string,
  lookup: (ref: PodRef) => { ref: PodRef; selector: Record<string, string> },
): Peer {
  if (peer.kind !== 'endpoint') return peer.kind === 'fqdn' ? { kind: 'fqdn', names: [...peer.names] } : { ...peer };
  const { ref, selector } = lookup(peer.ref);
  // No stable label: an empty selector (never a namespace-only one, which would select every pod there).
  if (ref.unselectable) return { kind: 'endpoint', namespace: ref.namespace, workload: ref.workload, selector: {}, unselectable: { ...ref.unselectable } };
  return { kind: 'endpoint', namespace: ref.namespace, workload: ref.workload, selector: peerSelector(ref.namespace, selector, subjectNamespace) };
}

/** The conventional resolver selector (`kube-system`, `k8s-app=kube-dns`), used only when no DNS flow was captured. */
export function fallbackResolver(subjectNamespace: string): Peer {
  return { kind: 'endpoint', namespace: 'kube-system', workload: 'kube-dns', selector: peerSelector('kube-system', { 'k8s-app': 'kube-dns' }, subjectNamespace) };
}

/** Canonical JSON of a peer, for keys and sorting. */
export function peerCanonical(peer: Peer): string {
  switch (peer.kind) {
    case 'endpoint':
      if (peer.unselectable) return JSON.stringify(['endpoint', peer.namespace, [], peer.workload]);
      return JSON.stringify(['endpoint', peer.namespace, Object.entries(peer.selector).sort()]);
    case 'entity':
      return JSON.stringify(['entity', peer.entity]);
    case 'fqdn':
      return JSON.stringify(['fqdn', peer.names]);
    case 'cidr':
      return JSON.stringify(['cidr', peer.cidr]);
  }
}
