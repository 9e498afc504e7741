import type { Endpoint, Flow } from '../flow/flow';
import type { InternalPeer } from './classify-flow';
import { normalizeDnsName } from './dns-name';
import { internalPeerKey } from './peer-key';
import type { PodRef, ResolvedEndpoint } from './resolve-endpoint';

/** A resolver one client was seen using. */
export interface ResolverEntry {
  peer: InternalPeer;
  flows: number;
  /** Query names answered for this client (bounded). */
  names: Set<string>;
}

/** Which resolvers a workload's DNS companion rule should allow, and how that is known. */
export interface ResolverLookup {
  entries: ResolverEntry[];
  source: 'observed' | 'inferred' | 'fallback';
}

const MAX_NAMES = 64;
const DNS_PORT = 53;

/** Client and resolver sides of a DNS flow (L3/L4 on port 53, or an L7 DNS record); undefined otherwise. */
function dnsSides(flow: Flow): { client: Endpoint; resolver: Endpoint; resolverIp: string } | undefined {
  const l4 = flow.l4;
  const ports = l4 && (l4.protocol === 'UDP' || l4.protocol === 'TCP') ? l4 : undefined;
  const toResolver = { client: flow.source, resolver: flow.destination, resolverIp: flow.ip.destination };
  const fromResolver = { client: flow.destination, resolver: flow.source, resolverIp: flow.ip.source };
  if (ports?.destinationPort === DNS_PORT) return toResolver;
  if (ports?.sourcePort === DNS_PORT) return fromResolver;
  // Real captures put DNS responses from the resolver to the client (is_reply); the request goes the other way.
  if (flow.l7?.dns) return flow.isReply ? fromResolver : toResolver;
  return undefined;
}

/** What {@link DnsObservations.state} hands to another thread. */
export interface DnsObservationsState {
  byClient: Map<string, Map<string, ResolverEntry>>;
  resolverRefs: Set<string>;
}

/**
 * DNS traffic seen in the capture, by client workload: the resolver that really answers each workload
 * (its labels and namespace), so the DNS companion rule is not a hard-coded kube-dns selector.
 */
export class DnsObservations {
  private readonly byClient = new Map<string, Map<string, ResolverEntry>>();
  private readonly resolverRefs = new Set<string>();

  /** Records a flow if it is DNS between a pod client and a resolver. */
  add(flow: Flow, resolve: (e: Endpoint) => ResolvedEndpoint, worldPeer: (ip: string) => InternalPeer | undefined): void {
    const sides = dnsSides(flow);
    if (!sides) return;
    const client = resolve(sides.client);
    if (client.kind !== 'pod') return;
    const resolver = resolve(sides.resolver);
    let peer: InternalPeer | undefined;
    if (resolver.kind === 'pod') peer = { kind: 'endpoint', ref: resolver.ref };
    else if (resolver.kind === 'entity') peer = { kind: 'entity', entity: resolver.entity };
    else if (resolver.kind === 'world') peer = worldPeer(sides.resolverIp);
    if (!peer) return;
    this.record(client.ref, peer, flow.l7?.dns?.query);
  }

  private record(client: PodRef, peer: InternalPeer, query: string | undefined): void {
    let entries = this.byClient.get(client.key);
    if (!entries) this.byClient.set(client.key, (entries = new Map()));
    const key = internalPeerKey(peer);
    let entry = entries.get(key);
    if (!entry) entries.set(key, (entry = { peer, flows: 0, names: new Set() }));
    entry.flows++;
    const name = query === undefined ? undefined : normalizeDnsName(query);
    if (name && entry.names.size < MAX_NAMES) entry.names.add(name);
    if (peer.kind === 'endpoint') this.resolverRefs.add(peer.ref.key);
  }

  /** The observations for another thread (structured-clone safe; not copied). */
  state(): DnsObservationsState {
    return { byClient: this.byClient, resolverRefs: this.resolverRefs };
  }

  /**
   * Adds observations made after this one's (in reading order), their pod refs already carrying this side's ids:
   * the same as if these had been recorded here. Entries are re-keyed, as their keys hold ref ids.
   */
  merge(later: DnsObservationsState): void {
    for (const [client, entries] of later.byClient) {
      let own = this.byClient.get(client);
      if (!own) this.byClient.set(client, (own = new Map()));
      for (const entry of entries.values()) {
        const key = internalPeerKey(entry.peer);
        const known = own.get(key);
        if (!known) own.set(key, entry);
        else {
          known.flows += entry.flows;
          for (const name of entry.names) if (known.names.size < MAX_NAMES) known.names.add(name);
        }
      }
    }
    for (const ref of later.resolverRefs) this.resolverRefs.add(ref);
  }

  /**
   * The resolvers for `clientKey`: those that answered one of `names`, else every resolver the client used
   * (`observed`); else those other non-resolver clients used (`inferred`); else none (`fallback`).
   */
  lookup(clientKey: string, names: readonly string[]): ResolverLookup {
    const own = [...(this.byClient.get(clientKey)?.values() ?? [])];
    if (own.length > 0) {
      const answering = own.filter((entry) => names.some((name) => entry.names.has(name)));
      return { entries: answering.length > 0 ? answering : own, source: 'observed' };
    }
    const inferred = new Map<string, ResolverEntry>();
    for (const [key, entries] of this.byClient) {
      // A resolver forwarding upstream (node-local-dns → kube-dns) is not what applications talk to.
      if (this.resolverRefs.has(key)) continue;
      for (const [peerKey, entry] of entries) if (!inferred.has(peerKey)) inferred.set(peerKey, entry);
    }
    if (inferred.size > 0) return { entries: [...inferred.values()], source: 'inferred' };
    return { entries: [], source: 'fallback' };
  }
}
