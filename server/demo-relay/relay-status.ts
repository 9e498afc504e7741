import type { RelayState } from './relay-state';
import type { WireObject } from './wire-endpoint';

/**
 * The unary answers of the demo relay, aggregated over its simulated agents the way hubble-relay aggregates
 * over peers (cilium/cilium pkg/hubble/relay/observer/server.go): counters summed over available nodes,
 * the longest uptime, at most 10 unavailable node names.
 */

/** Static facts the unary answers need. */
export interface StatusContext {
  state: RelayState;
  startedAtMs: number;
  /** Relay version (ServerStatus.version). */
  relayVersion: string;
  /** Agent version (Node.version). */
  agentVersion: string;
  now: () => number;
}

const MAX_REPORTED_UNAVAILABLE = 10;

/** `observer.ServerStatusResponse`. */
export function serverStatus(ctx: StatusContext): WireObject {
  const available = ctx.state.availableNodes();
  const unavailable = ctx.state.unavailableNodes();
  const uptimeMs = Math.max(0, ctx.now() - Math.min(ctx.startedAtMs, ...available.map((n) => n.startedAtMs)));
  return {
    num_flows: available.reduce((sum, n) => sum + n.ring.size, 0),
    max_flows: available.reduce((sum, n) => sum + n.ring.capacity, 0),
    seen_flows: available.reduce((sum, n) => sum + n.seen, 0),
    uptime_ns: uptimeMs * 1e6,
    num_connected_nodes: { value: available.length },
    num_unavailable_nodes: { value: unavailable.length },
    unavailable_nodes: unavailable.slice(0, MAX_REPORTED_UNAVAILABLE).map((n) => n.name),
    version: ctx.relayVersion,
    flows_rate: ctx.state.flowsRate(available),
  };
}

/** `observer.GetNodesResponse`: every known agent, with counters for the connected ones. */
export function getNodes(ctx: StatusContext): WireObject {
  const nodes = [...ctx.state.nodes.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((n) => {
      const [cluster, node] = n.name.includes('/') ? n.name.split('/') : ['default', n.name];
      const base: WireObject = { name: n.name, address: n.address, tls: { enabled: true, server_name: `${node}.${cluster}.hubble-grpc.cilium.io` } };
      if (!n.available) return { ...base, state: 'NODE_UNAVAILABLE' };
      return {
        ...base,
        version: ctx.agentVersion,
        state: 'NODE_CONNECTED',
        uptime_ns: Math.max(0, ctx.now() - n.startedAtMs) * 1e6,
        num_flows: n.ring.size,
        max_flows: n.ring.capacity,
        seen_flows: n.seen,
      };
    });
  return { nodes };
}

/** `observer.GetNamespacesResponse`: namespaces with flows in the last hour, sorted. */
export function getNamespaces(ctx: StatusContext): WireObject {
  return { namespaces: ctx.state.namespaces() };
}
