import type { Prng } from './prng';
import { matchesFqdnPattern, serviceForName, type Peer, type ResolvedConnection, type ScenarioModel, type ScenarioPod } from './scenario-model';
import type { ScenarioNode } from './scenario-types';
import type { ConnectionInstance } from './connection-plan';
import type { ConnectionSide } from './wire-endpoint';

/**
 * Picks the concrete ends of one occurrence of a scenario connection (which replica, which node, which address)
 * and, when the client resolves a name first, the DNS lookup that precedes it. World addresses of FQDN peers
 * are always taken from the DNS answer the client received, so `destination_names` agree with the L7 DNS flows.
 */

/** A connection occurrence and the DNS lookup before it, if any. */
export interface InstanceWithLookup {
  instance: ConnectionInstance;
  lookup?: ConnectionInstance;
}

/** TTL CoreDNS gives cluster names (kubernetes plugin default) and the one assumed for public names. */
const CLUSTER_TTL = 5;
const PUBLIC_TTL = 60;

/** Builds one occurrence of `conn`. */
export function instantiateConnection(model: ScenarioModel, conn: ResolvedConnection, rand: Prng): InstanceWithLookup {
  const client = podSide(model, conn.fromPeer, rand);
  const server = podSide(model, conn.toPeer, rand);
  const finalClient = client ?? entitySide(model, conn.fromPeer, server, rand, 'client');
  const finalServer = server ?? entitySide(model, conn.toPeer, finalClient, rand, 'server');
  const [svcNamespace, svcName] = conn.service?.split('/') ?? [];
  const instance: ConnectionInstance = {
    conn,
    client: finalClient,
    server: finalServer,
    service: conn.service ? { namespace: svcNamespace, name: svcName } : undefined,
    key: `${conn.id}|${sideKey(finalClient)}|${sideKey(finalServer)}`,
  };
  return { instance, lookup: dnsLookup(model, conn, finalClient, finalServer, rand) };
}

function podSide(model: ScenarioModel, peer: Peer, rand: Prng): ConnectionSide | undefined {
  if (peer.kind !== 'pod') return undefined;
  const pods = model.podsByWorkload.get(peer.workload)!;
  const pod = peer.index === undefined ? rand.pick(pods) : pods[peer.index];
  return { kind: 'pod', ip: pod.ip, pod, node: pod.node };
}

function entitySide(model: ScenarioModel, peer: Peer, other: ConnectionSide | undefined, rand: Prng, role: 'client' | 'server'): ConnectionSide {
  if (peer.kind === 'world') return { kind: 'world', ip: worldAddress(peer.cidr, rand) };
  if (peer.kind === 'fqdn') return fqdnSide(model, peer.name, other, rand);
  if (peer.kind !== 'entity') throw new Error(`unexpected peer ${JSON.stringify(peer)}`);
  const otherNode = other?.node;
  switch (peer.entity) {
    case 'host': {
      const node = otherNode ?? rand.pick(model.nodes);
      return { kind: 'host', node, ip: role === 'client' ? node.routerIp : node.ip };
    }
    case 'remote-node': {
      const node = rand.pick(model.nodes.filter((n) => n !== otherNode));
      return { kind: 'remote-node', node, ip: role === 'client' ? node.routerIp : node.ip };
    }
    case 'health': {
      const candidates = other?.kind === 'remote-node' ? model.nodes.filter((n) => n !== otherNode) : otherNode ? [otherNode] : model.nodes;
      const node = rand.pick(candidates);
      return { kind: 'health', node, ip: node.healthIp, healthEndpointId: model.healthEndpointIds.get(node.name) };
    }
    case 'kube-apiserver': {
      const node = model.nodes.find((n) => n.controlPlane) ?? model.nodes[0];
      return { kind: 'kube-apiserver', node, ip: node.ip };
    }
  }
}

/** A public peer reached by name: one address of the DNS answer; FQDN identity and names only via the proxy. */
function fqdnSide(model: ScenarioModel, name: string, client: ConnectionSide | undefined, rand: Prng): ConnectionSide {
  const ip = rand.pick(model.scenario.dns[name]);
  if (!client?.pod?.workload.dnsProxy) return { kind: 'world', ip };
  for (const [pattern, identity] of model.fqdnIdentities) {
    if (matchesFqdnPattern(name, pattern)) return { kind: 'world', ip, names: [name], worldIdentity: identity, worldLabels: [`fqdn:${pattern}`, 'reserved:world'] };
  }
  return { kind: 'world', ip, names: [name] };
}

function worldAddress(cidr: string, rand: Prng): string {
  const [base, bits] = cidr.split('/');
  if (!bits) return base;
  const octets = base.split('.');
  return `${octets.slice(0, 3).join('.')}.${rand.int(1, 254)}`;
}

function sideKey(side: ConnectionSide): string {
  if (side.pod) return side.pod.name;
  return side.node && side.kind !== 'world' ? `${side.kind}@${side.node.name}` : side.ip;
}

/** The DNS lookup before a connection, when the client is a pod that resolves a name (and is not caching it). */
function dnsLookup(model: ScenarioModel, conn: ResolvedConnection, client: ConnectionSide, server: ConnectionSide, rand: Prng): ConnectionInstance | undefined {
  const name = conn.toPeer.kind === 'fqdn' ? conn.toPeer.name : conn.resolves;
  if (!name || client.kind !== 'pod') return undefined;
  const probability = conn.dnsProbability ?? (conn.toPeer.kind === 'fqdn' ? 1 : 0.3);
  if (rand.float() >= probability) return undefined;
  const service = serviceForName(name, model.services);
  const ips = service ? [service.clusterIP] : model.scenario.dns[name];
  if (conn.toPeer.kind === 'fqdn' && !ips.includes(server.ip)) throw new Error(`${conn.id}: ${server.ip} is not in the DNS answer for ${name}`);
  const resolvers = model.podsByWorkload.get('kube-system/coredns') as ScenarioPod[];
  const resolver = rand.pick(resolvers);
  const dnsConn: ResolvedConnection = {
    id: `dns-${conn.id}`, from: conn.from, to: 'kube-system/coredns', port: 53, protocol: 'UDP', weight: 0,
    note: 'DNS lookup', fromPeer: conn.fromPeer, toPeer: { kind: 'pod', workload: 'kube-system/coredns' },
  };
  const coredns: ConnectionSide = { kind: 'pod', ip: resolver.ip, pod: resolver, node: resolver.node as ScenarioNode };
  return {
    conn: dnsConn,
    client,
    server: coredns,
    service: { namespace: 'kube-system', name: 'kube-dns' },
    key: `${dnsConn.id}|${client.pod!.name}|${resolver.name}|${name}`,
    dns: { query: `${name}.`, ips, ttl: service ? CLUSTER_TTL : PUBLIC_TTL },
  };
}
