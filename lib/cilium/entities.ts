/**
 * Cilium's entities: the named peer classes of `fromEntities`/`toEntities` (the CRD's enum). Shared vocabulary of
 * findings (which entity a peer is) and policies (which entity a rule allows), so it belongs to neither.
 */

/** Entities (`fromEntities`/`toEntities` enum in the CRD). */
export type Entity = 'all' | 'world' | 'cluster' | 'host' | 'init' | 'ingress' | 'unmanaged' | 'remote-node' | 'health' | 'none' | 'kube-apiserver';

/** Every {@link Entity}, in CRD enum order. */
export const ENTITIES: readonly Entity[] = [
  'all', 'world', 'cluster', 'host', 'init', 'ingress', 'unmanaged', 'remote-node', 'health', 'none', 'kube-apiserver',
];
