import type { GraphEdge, GraphNode, GraphSnapshot } from './graph';

/** Which kinds of noise to hide, after Hubble UI's "visual" toggles. Every option defaults to true. */
export interface NoiseOptions {
  /** DNS to the cluster resolver on port 53 (kube-dns, CoreDNS, NodeLocal DNSCache). Default: true. */
  kubeDns?: boolean;
  /** The `host` entity and its edges (kubelet probes, host-network pods). Default: true. */
  host?: boolean;
  /** The `remote-node` entity and its edges. Default: true. */
  remoteNode?: boolean;
  /** Scrapes: edges whose source is a workload named `prometheus`. Default: true. */
  prometheus?: boolean;
  /** The `health` entity (cilium-health probes) and its edges. Default: true. */
  health?: boolean;
}

const RESOLVER_NAMES = new Set(['kube-dns', 'coredns', 'node-local-dns']);
const RESOLVER_LABELS = ['k8s:k8s-app=kube-dns', 'k8s:k8s-app=node-local-dns', 'k8s:app.kubernetes.io/name=coredns'];

/** True when `node` is noise of its own (a host, remote-node or health entity, each per its option). */
export function isNoiseNode(node: GraphNode, options: NoiseOptions = {}): boolean {
  if (node.kind === 'host') return options.host ?? true;
  if (node.kind === 'remote-node') return options.remoteNode ?? true;
  if (node.kind === 'health') return options.health ?? true;
  return false;
}

/** True when `node` is a cluster DNS resolver workload (by name or by its well-known labels). */
export function isDnsResolver(node: GraphNode): boolean {
  if (node.kind !== 'workload') return false;
  return RESOLVER_NAMES.has(node.label) || node.labels.some((label) => RESOLVER_LABELS.includes(label));
}

/**
 * True when `edge` is noise: an end is a noise node, or it is DNS to the resolver on 53, or a Prometheus scrape.
 * `nodes` resolves edge ends (ids absent from it are not noise).
 */
export function isNoiseEdge(edge: GraphEdge, nodes: ReadonlyMap<string, GraphNode>, options: NoiseOptions = {}): boolean {
  const source = nodes.get(edge.source);
  const target = nodes.get(edge.target);
  if ((source && isNoiseNode(source, options)) || (target && isNoiseNode(target, options))) return true;
  if ((options.kubeDns ?? true) && edge.port === 53 && target !== undefined && isDnsResolver(target)) return true;
  if ((options.prometheus ?? true) && source?.kind === 'workload' && source.label === 'prometheus') return true;
  return false;
}

/**
 * The snapshot without its noise: noise nodes, noise edges, and nodes whose every edge was noise (the resolver
 * disappears with DNS hidden, unless something else talks to it). Returns the same object when nothing is hidden.
 * Works on namespace views too (it keeps the extra fields).
 */
export function hideNoise<S extends GraphSnapshot>(snapshot: S, options: NoiseOptions = {}): S {
  const byId = new Map<string, GraphNode>();
  for (const node of snapshot.nodes) byId.set(node.id, node);
  const edges = snapshot.edges.filter((edge) => !isNoiseEdge(edge, byId, options));
  const touched = new Set<string>();
  const kept = new Set<string>();
  for (const edge of snapshot.edges) touched.add(edge.source).add(edge.target);
  for (const edge of edges) kept.add(edge.source).add(edge.target);
  const nodes = snapshot.nodes.filter((node) => !isNoiseNode(node, options) && (kept.has(node.id) || !touched.has(node.id)));
  if (nodes.length === snapshot.nodes.length && edges.length === snapshot.edges.length) return snapshot;
  return { ...snapshot, nodes, edges };
}
