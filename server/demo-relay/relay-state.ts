import { FlowRing } from './flow-ring';
import type { RelayFlowEvent } from './relay-event';
import { ACCEPT_ALL, type FlowPredicate } from './flow-filter';
import type { WireObject } from './wire-endpoint';

/**
 * What the demo relay knows: one Hubble "agent" per node with its own flow ring (4095 by default, like
 * Hubble), counters for ServerStatus/GetNodes, namespaces seen in the last hour, node availability, and the
 * follow streams that receive new flows as they are published.
 */

/** One simulated agent. */
export interface RelayNode {
  name: string;
  /** Hubble server address of the agent (`ip:4244`), empty for nodes known only from captures. */
  address: string;
  ring: FlowRing<RelayFlowEvent>;
  seen: number;
  available: boolean;
  startedAtMs: number;
}

/** A consumer of live events (a follow stream). */
export interface RelaySubscriber {
  onFlow(event: RelayFlowEvent): void;
  onNodeDown(node: string): void;
  onNodeUp(node: string): void;
  /** A non-flow response (lost_events) to pass through. */
  onEvent(response: WireObject): void;
}

/** Which flows of the rings a GetFlows request wants. */
export interface BacklogQuery {
  number: number;
  first: boolean;
  follow: boolean;
  sinceUs?: number;
  untilUs?: number;
  predicate: FlowPredicate;
}

const RATE_WINDOW_S = 60;
const NAMESPACE_TTL_MS = 3_600_000;

/** The relay's state. */
export class RelayState {
  readonly nodes = new Map<string, RelayNode>();
  private readonly subscribers = new Set<RelaySubscriber>();
  private readonly namespaceSeen = new Map<string, { cluster: string; namespace: string; atMs: number }>();
  private nextSeq = 0;

  constructor(readonly ringCapacity: number, private readonly now: () => number = Date.now) {}

  /** A fresh sequence number for a new event. */
  seq(): number {
    return this.nextSeq++;
  }

  /** Registers an agent (idempotent). */
  addNode(name: string, address = ''): RelayNode {
    let node = this.nodes.get(name);
    if (!node) {
      node = { name, address, ring: new FlowRing(this.ringCapacity), seen: 0, available: true, startedAtMs: this.now() };
      this.nodes.set(name, node);
    }
    return node;
  }

  /** Stores a flow in its node's ring and hands it to every follow stream. */
  publish(event: RelayFlowEvent): void {
    const node = this.addNode(event.nodeName);
    node.ring.push(event);
    node.seen++;
    const atMs = this.now();
    for (const namespace of event.namespaces) this.namespaceSeen.set(`${event.clusterName}/${namespace}`, { cluster: event.clusterName, namespace, atMs });
    if (!node.available) return;
    for (const s of this.subscribers) s.onFlow(event);
  }

  /** Passes a non-flow response (e.g. lost_events) to every follow stream. */
  broadcast(response: WireObject): void {
    for (const s of this.subscribers) s.onEvent(response);
  }

  subscribe(subscriber: RelaySubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Marks an agent (un)reachable; follow streams are told, as the relay tells its clients. */
  setNodeAvailable(name: string, available: boolean): void {
    const node = this.nodes.get(name);
    if (!node) throw new Error(`unknown node ${name}`);
    if (node.available === available) return;
    node.available = available;
    for (const s of this.subscribers) {
      if (available) s.onNodeUp(name);
      else s.onNodeDown(name);
    }
  }

  availableNodes(): RelayNode[] {
    return [...this.nodes.values()].filter((n) => n.available);
  }

  unavailableNodes(): RelayNode[] {
    return [...this.nodes.values()].filter((n) => !n.available);
  }

  /**
   * The stored flows a request wants from the given nodes (default: the available ones), oldest first. Per node,
   * like the relay, which forwards the request to every agent and merges the answers: `number` applies per node.
   */
  backlog(query: BacklogQuery, nodes: RelayNode[] = this.availableNodes()): RelayFlowEvent[] {
    const merged: RelayFlowEvent[] = [];
    for (const node of nodes) {
      let events = node.ring.toArray().filter((e) => (query.sinceUs === undefined || e.timeUs >= query.sinceUs) && (query.untilUs === undefined || e.timeUs <= query.untilUs) && (query.predicate === ACCEPT_ALL || query.predicate(e.flow())));
      if (query.number > 0 && query.first) events = events.slice(0, query.number);
      else if (query.number > 0 && query.sinceUs === undefined) events = events.slice(-query.number);
      else if (query.follow && query.sinceUs === undefined) events = [];
      merged.push(...events);
    }
    return merged.sort((a, b) => a.timeUs - b.timeUs || a.seq - b.seq);
  }

  /**
   * Approximate flows per second over the last minute, summed over nodes. Like Hubble's observer (getFlowRate),
   * each node counts its newest ring entries by flow time; when the ring holds less than a minute, the rate is
   * taken over the span it does hold.
   */
  flowsRate(nodes: RelayNode[] = this.availableNodes()): number {
    const nowUs = this.now() * 1000;
    let rate = 0;
    for (const node of nodes) {
      let sinceUs = nowUs - RATE_WINDOW_S * 1e6;
      let count = 0;
      let oldest = nowUs;
      let i = node.ring.size - 1;
      for (; i >= 0 && node.ring.at(i)!.timeUs >= sinceUs; i--, count++) oldest = node.ring.at(i)!.timeUs;
      if (i < 0 && node.ring.written > node.ring.capacity) sinceUs = oldest;
      if (nowUs > sinceUs) rate += count / ((nowUs - sinceUs) / 1e6);
    }
    return rate;
  }

  /** Namespaces with flows in the last hour, sorted by cluster then namespace. */
  namespaces(): { cluster: string; namespace: string }[] {
    const cutoff = this.now() - NAMESPACE_TTL_MS;
    for (const [key, seen] of this.namespaceSeen) if (seen.atMs < cutoff) this.namespaceSeen.delete(key);
    return [...this.namespaceSeen.values()]
      .map(({ cluster, namespace }) => ({ cluster, namespace }))
      .sort((a, b) => a.cluster.localeCompare(b.cluster) || a.namespace.localeCompare(b.namespace));
  }
}
