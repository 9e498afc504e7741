import { hashString } from './prng';
import type { PeerRef, RolloutState, Scenario, ScenarioConnection, ScenarioNode, ScenarioService, ScenarioWorkload } from './scenario-types';

/**
 * A Scenario resolved into concrete pods: names with ReplicaSet hashes, IPs inside their node's pod CIDR, local
 * endpoint ids, security identities and the sorted Cilium label lists Hubble reports. Everything derives from
 * names through a stable hash, so the same scenario always resolves to the same cluster.
 */

/** A running pod: one Cilium endpoint. */
export interface ScenarioPod {
  name: string;
  namespace: string;
  workload: ScenarioWorkload;
  /** Replica index within the workload. */
  index: number;
  node: ScenarioNode;
  ip: string;
  /** Local endpoint id on its node (`Endpoint.ID`). */
  endpointId: number;
  identity: number;
  /** Sorted `source:key=value` labels, as Hubble sends them. */
  labels: string[];
}

/** A parsed {@link PeerRef}. */
export type Peer =
  | { kind: 'pod'; workload: string; index?: number }
  | { kind: 'entity'; entity: 'host' | 'remote-node' | 'health' | 'kube-apiserver' }
  | { kind: 'fqdn'; name: string }
  | { kind: 'world'; cidr: string };

/** A connection with parsed peers. */
export interface ResolvedConnection extends ScenarioConnection {
  fromPeer: Peer;
  toPeer: Peer;
}

/** The resolved scenario. */
export interface ScenarioModel {
  scenario: Scenario;
  nodes: ScenarioNode[];
  pods: ScenarioPod[];
  podsByWorkload: Map<string, ScenarioPod[]>;
  services: Map<string, ScenarioService>;
  rollout: Map<string, RolloutState>;
  connections: ResolvedConnection[];
  /** Local (FQDN-selector) identities by selector pattern, e.g. `*.github.com` → 16777217. */
  fqdnIdentities: Map<string, number>;
  /** Endpoint id of each node's cilium-health endpoint. */
  healthEndpointIds: Map<string, number>;
  /**
   * Per-endpoint PolicyAuditMode set at run time (`node/endpointId` → enabled), as `cilium-dbg endpoint config`
   * does through the demo cluster (demo-cluster.ts); overrides the namespace's rollout state. Starts empty.
   */
  endpointAuditMode: Map<string, boolean>;
}

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes-style random suffix (`rand.String` / `SafeEncodeString` alphabet), derived from a seed text. */
export function safeSuffix(seedText: string, length: number): string {
  let h = hashString(seedText);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += SAFE_ALPHABET[h % SAFE_ALPHABET.length];
    h = Math.imul(h ^ (h >>> 15), 2246822519) >>> 0;
    h = (h + i + 1) >>> 0;
  }
  return out;
}

/** Parses a {@link PeerRef}. Throws on malformed references (the scenario is static data). */
export function parsePeer(ref: PeerRef): Peer {
  if (ref.startsWith('entity:')) {
    const entity = ref.slice(7);
    if (entity === 'host' || entity === 'remote-node' || entity === 'health' || entity === 'kube-apiserver') return { kind: 'entity', entity };
    throw new Error(`unknown entity ${ref}`);
  }
  if (ref.startsWith('fqdn:')) return { kind: 'fqdn', name: ref.slice(5) };
  if (ref.startsWith('world:')) return { kind: 'world', cidr: ref.slice(6) };
  const m = /^([a-z0-9-]+\/[a-z0-9-]+)(?:\[(\d+)\])?$/.exec(ref);
  if (!m) throw new Error(`malformed peer ${ref}`);
  return { kind: 'pod', workload: m[1], index: m[2] === undefined ? undefined : Number(m[2]) };
}

/** Resolves a scenario. Throws if it references unknown nodes, workloads or Services. */
export function resolveScenario(scenario: Scenario): ScenarioModel {
  const nodeByName = new Map(scenario.nodes.map((n) => [n.name, n]));
  const rollout = new Map(scenario.namespaces.map((ns) => [ns.name, ns.rollout]));
  const pods: ScenarioPod[] = [];
  const podsByWorkload = new Map<string, ScenarioPod[]>();
  const usedIps = new Set(scenario.nodes.flatMap((n) => [n.routerIp, n.healthIp]));
  const identities = new Map<string, number>();
  const usedEndpointIds = new Set<string>();
  const healthEndpointIds = new Map(scenario.nodes.map((n) => [n.name, allocateEndpointId(n.name, `health/${n.name}`, usedEndpointIds)]));
  for (const workload of scenario.workloads) {
    const key = `${workload.namespace}/${workload.name}`;
    const list = workload.placement.map((nodeName, index) => {
      const node = nodeByName.get(nodeName);
      if (!node) throw new Error(`${key}: unknown node ${nodeName}`);
      const name = podName(workload, index, nodeName);
      const labels = podLabels(scenario, workload, name, index);
      const identity = allocateIdentity(labels.join(','), identities);
      return { name, namespace: workload.namespace, workload, index, node, ip: allocateIp(node, name, usedIps), endpointId: allocateEndpointId(nodeName, name, usedEndpointIds), identity, labels };
    });
    podsByWorkload.set(key, list);
    pods.push(...list);
  }
  const services = new Map(scenario.services.map((s) => [`${s.namespace}/${s.name}`, s]));
  const connections = scenario.connections.map((c) => ({ ...c, fromPeer: parsePeer(c.from), toPeer: parsePeer(c.to) }));
  for (const c of connections) checkConnection(c, podsByWorkload, services, scenario);
  const fqdnIdentities = new Map<string, number>();
  for (const pattern of fqdnSelectors(scenario)) fqdnIdentities.set(pattern, 16777217 + fqdnIdentities.size);
  return { scenario, nodes: scenario.nodes, pods, podsByWorkload, services, rollout, connections, fqdnIdentities, healthEndpointIds, endpointAuditMode: new Map() };
}

function podName(workload: ScenarioWorkload, index: number, nodeName: string): string {
  const base = `${workload.namespace}/${workload.name}`;
  switch (workload.kind) {
    case 'Deployment':
      return `${workload.name}-${safeSuffix(`${base}#rs`, hashString(base) % 2 === 0 ? 10 : 9)}-${safeSuffix(`${base}#${index}`, 5)}`;
    case 'DaemonSet':
      return `${workload.name}-${safeSuffix(`${base}@${nodeName}`, 5)}`;
    case 'StatefulSet':
      return `${workload.name}-${index}`;
    case 'Pod':
      return workload.name;
  }
}

function podLabels(scenario: Scenario, workload: ScenarioWorkload, name: string, index: number): string[] {
  const ns = scenario.namespaces.find((n) => n.name === workload.namespace);
  const k8s: Record<string, string> = { ...workload.labels };
  if (workload.podIdentityLabels) {
    k8s['statefulset.kubernetes.io/pod-name'] = name;
    k8s['apps.kubernetes.io/pod-index'] = String(index);
  }
  const nsLabels = { 'kubernetes.io/metadata.name': workload.namespace, ...(ns?.labels ?? {}) };
  for (const [k, v] of Object.entries(nsLabels)) k8s[`io.cilium.k8s.namespace.labels.${k}`] = v;
  k8s['io.cilium.k8s.policy.cluster'] = scenario.clusterName;
  k8s['io.cilium.k8s.policy.serviceaccount'] = workload.serviceAccount;
  k8s['io.kubernetes.pod.namespace'] = workload.namespace;
  const labels = Object.entries(k8s).map(([k, v]) => `k8s:${k}=${v}`);
  return [...labels, ...(workload.extraLabels ?? [])].sort();
}

/**
 * Identities are allocated per distinct label set, as Cilium does: the replicas of a Deployment share one, while
 * StatefulSet pods that keep their pod-name label each get their own.
 */
function allocateIdentity(labelKey: string, identities: Map<string, number>): number {
  const known = identities.get(labelKey);
  if (known !== undefined) return known;
  const used = new Set(identities.values());
  let id = 256 + (hashString(labelKey) % 65000);
  while (used.has(id)) id++;
  identities.set(labelKey, id);
  return id;
}

function allocateIp(node: ScenarioNode, name: string, used: Set<string>): string {
  const prefix = node.podCidr.split('.').slice(0, 3).join('.');
  let host = 2 + (hashString(name) % 252);
  while (used.has(`${prefix}.${host}`)) host = host >= 253 ? 2 : host + 1;
  const ip = `${prefix}.${host}`;
  used.add(ip);
  return ip;
}

/** A local endpoint id, unique on its node (Cilium allocates 1..4095 per agent). */
function allocateEndpointId(nodeName: string, name: string, used: Set<string>): number {
  let id = 1 + (hashString(`ep/${name}`) % 4094);
  while (used.has(`${nodeName}/${id}`)) id = id >= 4095 ? 1 : id + 1;
  used.add(`${nodeName}/${id}`);
  return id;
}

function fqdnSelectors(scenario: Scenario): string[] {
  const patterns = new Set<string>();
  for (const policy of scenario.policies) {
    for (const rule of policy.spec?.egress ?? []) for (const s of rule.toFQDNs ?? []) patterns.add(s.matchPattern ?? s.matchName ?? '');
  }
  patterns.delete('');
  return [...patterns];
}

function checkConnection(c: ResolvedConnection, pods: Map<string, ScenarioPod[]>, services: Map<string, ScenarioService>, scenario: Scenario): void {
  for (const peer of [c.fromPeer, c.toPeer]) {
    if (peer.kind === 'pod') {
      const list = pods.get(peer.workload);
      if (!list) throw new Error(`${c.id}: unknown workload ${peer.workload}`);
      if (peer.index !== undefined && !list[peer.index]) throw new Error(`${c.id}: no replica ${peer.index} of ${peer.workload}`);
    }
    if (peer.kind === 'fqdn' && !scenario.dns[peer.name]) throw new Error(`${c.id}: no DNS answer for ${peer.name}`);
  }
  if (c.service && !services.has(c.service)) throw new Error(`${c.id}: unknown Service ${c.service}`);
  if (c.resolves && !scenario.dns[c.resolves] && !serviceForName(c.resolves, services)) throw new Error(`${c.id}: cannot resolve ${c.resolves}`);
}

/** The Service a cluster DNS name (`name.ns.svc.cluster.local`) refers to, if any. */
export function serviceForName(name: string, services: Map<string, ScenarioService>): ScenarioService | undefined {
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/.exec(name);
  return m ? services.get(`${m[2]}/${m[1]}`) : undefined;
}

/** True if a DNS name matches a toFQDNs `matchPattern` (`*` stands for characters within one label). */
export function matchesFqdnPattern(name: string, pattern: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[-a-zA-Z0-9_]*')}$`);
  return re.test(name);
}
