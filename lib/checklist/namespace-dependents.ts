import type { GraphSnapshot } from '../graph/graph';
import type { ActiveWorkload } from './checklist';

/**
 * Infrastructure peers every namespace has (kubelet probes from the host, Cilium health checks, the API server):
 * they say nothing about who depends on a namespace.
 */
const INFRASTRUCTURE = new Set(['entity:host', 'entity:health', 'entity:remote-node', 'entity:kube-apiserver', 'entity:init']);

/** What the service map says about one namespace. */
export interface NamespaceDependents {
  /** The namespace's workloads seen with traffic, by name. */
  workloads: ActiveWorkload[];
  /** Peers outside the namespace with connections into it (other namespaces' workloads, world, ingress): sorted node ids. */
  inboundPeers: string[];
}

/** Workloads and inbound peers of every namespace of a graph snapshot, by namespace. */
export function namespaceDependents(snapshot: GraphSnapshot): Map<string, NamespaceDependents> {
  const byId = new Map(snapshot.nodes.map((n) => [n.id, n]));
  const out = new Map<string, { workloads: ActiveWorkload[]; inbound: Set<string> }>();
  const entry = (ns: string) => {
    let e = out.get(ns);
    if (!e) out.set(ns, (e = { workloads: [], inbound: new Set() }));
    return e;
  };
  for (const node of snapshot.nodes) {
    if (node.kind === 'workload' && node.namespace) entry(node.namespace).workloads.push({ name: node.label, labels: node.labels, lastSeen: node.lastSeen });
  }
  for (const edge of snapshot.edges) {
    const target = byId.get(edge.target);
    const source = byId.get(edge.source);
    if (!target?.namespace || !source || source.namespace === target.namespace || INFRASTRUCTURE.has(source.id)) continue;
    entry(target.namespace).inbound.add(source.id);
  }
  const result = new Map<string, NamespaceDependents>();
  for (const [ns, e] of out) {
    result.set(ns, { workloads: e.workloads.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), inboundPeers: [...e.inbound].sort() });
  }
  return result;
}
