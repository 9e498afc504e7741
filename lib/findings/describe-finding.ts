import type { Finding, Peer } from './finding';

/** A peer as people say it: `traefik/traefik`, `entity host`, `api.github.com`, `203.0.113.7/32`. */
export function describePeer(peer: Peer): string {
  switch (peer.kind) {
    case 'endpoint':
      return peer.namespace ? `${peer.namespace}/${peer.workload}` : peer.workload;
    case 'entity':
      return `entity ${peer.entity}`;
    case 'fqdn':
      return peer.names.join(', ');
    case 'cidr':
      return peer.cidr;
  }
}

/** One line: `blog/blog ← traefik/traefik on 80/TCP` (ingress) or `argocd/repo-server → api.github.com on 443/TCP`. */
export function describeFinding(finding: Finding): string {
  const subject = `${finding.subject.namespace}/${finding.subject.workload}`;
  const arrow = finding.direction === 'INGRESS' ? '←' : '→';
  const port = finding.protocol.startsWith('ICMP') ? `${finding.protocol} type ${finding.port}` : `${finding.port}/${finding.protocol}`;
  return `${subject} ${arrow} ${describePeer(finding.peer)} on ${port}`;
}
