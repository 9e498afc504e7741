import { hashString } from './prng';
import type { ScenarioModel, ScenarioPod } from './scenario-model';
import type { ScenarioNode } from './scenario-types';

/**
 * One side of a concrete connection, and its wire `flow.Endpoint` as Hubble reports it on a given node: the
 * local endpoint id (`ID`) is only known on the endpoint's own node; reserved identities carry `reserved:` labels
 * (kube-apiserver is `host` on its own node and `remote-node` elsewhere); public peers are `reserved:world` or,
 * when a toFQDNs selector matches their name, a local identity with an `fqdn:` label.
 */

/** A wire object (proto field names, enum names). */
export type WireObject = Record<string, unknown>;

/** What kind of peer a side is. */
export type SideKind = 'pod' | 'host' | 'remote-node' | 'health' | 'kube-apiserver' | 'world';

/** One side of a connection instance. */
export interface ConnectionSide {
  kind: SideKind;
  ip: string;
  /** The pod, for `pod` sides. */
  pod?: ScenarioPod;
  /** The node the side lives on: pods, health endpoints, hosts, the kube-apiserver's node. */
  node?: ScenarioNode;
  /** The cilium-health endpoint id, for `health` sides. */
  healthEndpointId?: number;
  /** Security identity and labels of a `world` side (default: 2, reserved:world). */
  worldIdentity?: number;
  worldLabels?: string[];
  /** DNS names Cilium's FQDN cache knows for a `world` side (become `destination_names`/`source_names`). */
  names?: string[];
}

/** True if Cilium has an endpoint for this side on some node (pods and health endpoints). */
export function isManaged(side: ConnectionSide): boolean {
  return side.kind === 'pod' || side.kind === 'health';
}

/** The wire Endpoint of a side as observed by the agent on `observer`. */
export function wireEndpoint(side: ConnectionSide, observer: ScenarioNode, model: ScenarioModel): WireObject {
  switch (side.kind) {
    case 'pod':
      return podEndpoint(side.pod!, observer, model.scenario.clusterName);
    case 'host':
      return { identity: 1, labels: ['reserved:host'] };
    case 'remote-node':
      return { identity: 6, labels: ['reserved:remote-node'] };
    case 'health':
      return { ...(side.node === observer ? { ID: side.healthEndpointId } : {}), identity: 4, labels: ['reserved:health'] };
    case 'kube-apiserver':
      return side.node === observer
        ? { identity: 1, labels: ['reserved:host', 'reserved:kube-apiserver'] }
        : { identity: 7, labels: ['reserved:kube-apiserver', 'reserved:remote-node'] };
    case 'world':
      return { identity: side.worldIdentity ?? 2, labels: side.worldLabels ?? ['reserved:world'] };
  }
}

function podEndpoint(pod: ScenarioPod, observer: ScenarioNode, clusterName: string): WireObject {
  const endpoint: WireObject = {};
  if (pod.node === observer) endpoint.ID = pod.endpointId;
  endpoint.identity = pod.identity;
  endpoint.cluster_name = clusterName;
  endpoint.namespace = pod.namespace;
  endpoint.labels = pod.labels;
  endpoint.pod_name = pod.name;
  if (pod.workload.kind !== 'Pod') endpoint.workloads = [{ name: pod.workload.name, kind: pod.workload.kind }];
  return endpoint;
}

/** A stable locally administered MAC address for an IP (the `ethernet` field of L3/L4 events). */
export function macOf(ip: string): string {
  const h = hashString(`mac/${ip}`);
  const h2 = hashString(`mac2/${ip}`);
  const bytes = [((h >>> 24) & 0xfc) | 0x02, (h >>> 16) & 255, (h >>> 8) & 255, h & 255, (h2 >>> 8) & 255, h2 & 255];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** The host-side interface of a managed side (`lxc…` for pods, `lxc_health` for health endpoints). */
export function endpointInterface(side: ConnectionSide): WireObject | undefined {
  if (side.kind === 'health') return { index: 9, name: 'lxc_health' };
  if (side.kind !== 'pod') return undefined;
  const h = hashString(`lxc/${side.pod!.name}`);
  const h2 = hashString(`lxc2/${side.pod!.name}`);
  return { index: 10 + (h % 60), name: `lxc${h.toString(16).padStart(8, '0')}${(h2 & 0xffff).toString(16).padStart(4, '0')}` };
}

/** The `node_labels` of a node, sorted `key=value` strings. */
export function nodeLabels(node: ScenarioNode): string[] {
  return Object.entries(node.labels)
    .map(([k, v]) => `${k}=${v}`)
    .sort();
}
