import type { Finding, Peer } from '@/lib/findings/finding';
import type { GraphEdge, GraphNode } from '@/lib/graph/graph';
import { fqdnOf } from '@/lib/graph/workload-identity';

/** What the map needs of a finding (GET /api/namespaces/{ns}/findings). */
export type HeldFindingLike = Pick<Finding, 'subject' | 'direction' | 'peer' | 'port' | 'protocol'> & { held?: boolean };

/** The part of a graph the marking reads. */
export interface HeldEdgeGraph {
  nodes: readonly Pick<GraphNode, 'id' | 'kind' | 'namespace' | 'labels'>[];
  edges: readonly Pick<GraphEdge, 'id' | 'source' | 'target' | 'port' | 'protocol'>[];
}

type NodeLike = HeldEdgeGraph['nodes'][number];

/** A workload node selected by `selector` (keys bare or `k8s:`-prefixed) in `namespace`; by name when unselectable. */
function workloadMatcher(namespace: string, selector: Record<string, string>, unselectableName: string | undefined): (node: NodeLike) => boolean {
  const wanted = Object.entries(selector).map(([key, value]) => `k8s:${key.replace(/^k8s:/, '')}=${value}`);
  if (wanted.length === 0) return (node) => unselectableName !== undefined && node.id === `${namespace}/${unselectableName}`;
  return (node) => node.kind === 'workload' && node.namespace === namespace && wanted.every((label) => node.labels.includes(label));
}

function peerMatcher(peer: Peer): (node: NodeLike) => boolean {
  switch (peer.kind) {
    case 'endpoint':
      return workloadMatcher(peer.namespace, peer.selector, peer.unselectable?.workload);
    case 'entity':
      return (node) => node.id === `entity:${peer.entity}`;
    case 'fqdn': {
      const id = peer.names.length ? `world:${fqdnOf(peer.names)}` : 'entity:world';
      return (node) => node.id === id;
    }
    case 'cidr':
      // A world address without a DNS name is drawn on the one nameless world node.
      return (node) => node.id === 'entity:world';
  }
}

/**
 * Ids of the graph edges (`<source>-><target>:<port>/<protocol>`) that a finding held for review covers: every edge
 * between a node its subject selects and a node its peer stands for, in the finding's direction (EGRESS: subject to
 * peer; INGRESS: peer to subject), on its port and protocol. Read from the finding's key, not from its sample
 * flows, so every replica, address and later connection of a held finding is marked.
 */
export function heldEdgeIds(findings: readonly HeldFindingLike[], graph: HeldEdgeGraph): Set<string> {
  const out = new Set<string>();
  for (const finding of findings) {
    if (!finding.held) continue;
    const { subject } = finding;
    const isSubject = workloadMatcher(subject.namespace, subject.selector, subject.unselectable?.workload);
    const isPeer = peerMatcher(finding.peer);
    const subjects = new Set(graph.nodes.filter(isSubject).map((n) => n.id));
    const peers = new Set(graph.nodes.filter(isPeer).map((n) => n.id));
    const [from, to] = finding.direction === 'EGRESS' ? [subjects, peers] : [peers, subjects];
    const port = finding.protocol.startsWith('ICMP') ? 0 : finding.port;
    for (const edge of graph.edges) {
      if (edge.port === port && edge.protocol === finding.protocol && from.has(edge.source) && to.has(edge.target)) out.add(edge.id);
    }
  }
  return out;
}
