import type { InternalPeer } from './classify-flow';

/** A string key that identifies an internal peer (pods by registry key). */
export function internalPeerKey(peer: InternalPeer): string {
  switch (peer.kind) {
    case 'endpoint':
      return `e${peer.ref.id}`;
    case 'entity':
      return `n${peer.entity}`;
    case 'fqdn':
      return `f${peer.names.join(',')}`;
    case 'cidr':
      return `c${peer.cidr}`;
  }
}
