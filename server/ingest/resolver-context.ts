import 'server-only';
import type { DNS, Endpoint, Flow } from '@/lib/flow/flow';
import type { ResolverObservation } from '../db/store';

/**
 * Which DNS resolver each client workload talks to, remembered across ingest batches and restarts. FQDN findings
 * need it for their DNS companion rule (`lib/findings` reads it from DNS flows), but the DNS flow and the AUDIT
 * verdict rarely fall in the same batch. So DNS flows are reduced here to one compact representative per
 * (client, resolver) pair plus the names asked, persisted in `resolver_observations`, and replayed into every
 * batch's analysis as `seeds()`: flows that inform resolver detection but can never count as findings.
 * Bounded: at most `maxEntries` pairs, `maxPerNamespace` per client namespace, `maxNames` names per pair.
 */

/** Options of {@link ResolverContext}. */
export interface ResolverContextOptions {
  /** Default: 500. */
  maxEntries?: number;
  /** Default: 64. */
  maxPerNamespace?: number;
  /** Default: 8. */
  maxNames?: number;
}

const DNS_PORT = 53;
const NO_DNS: DNS = { query: '', ips: [], ttl: 0, cnames: [], observationSource: '', rcode: 0, qtypes: [], rrtypes: [] };

/** Which side of a DNS flow is the client (the same precedence as lib/findings: ports first, then L7). */
export function dnsClientSide(flow: Flow): 'source' | 'destination' | undefined {
  const l4 = flow.l4;
  if (l4 && (l4.protocol === 'UDP' || l4.protocol === 'TCP')) {
    if (l4.destinationPort === DNS_PORT) return 'source';
    if (l4.sourcePort === DNS_PORT) return 'destination';
  }
  if (flow.l7?.dns) return flow.isReply ? 'destination' : 'source';
  return undefined;
}

function endpointKey(endpoint: Endpoint, ip: string): string {
  if (endpoint.labels.includes('reserved:world') || endpoint.identity === 2) return `world:${ip}`;
  return `${endpoint.namespace}|${endpoint.labels.join(',')}`;
}

function compactEndpoint(endpoint: Endpoint): Endpoint {
  return { ...endpoint, id: 0, podName: '' };
}

/** The parts of a DNS flow resolver detection reads; the rest is blanked to keep the table small. */
function compactFlow(flow: Flow): Flow {
  const dns = flow.l7?.dns;
  return {
    ...flow,
    uuid: '', summary: '', nodeLabels: [], sourceNames: [], destinationNames: [], emitter: undefined,
    egressAllowedBy: [], ingressAllowedBy: [], egressDeniedBy: [], ingressDeniedBy: [],
    source: compactEndpoint(flow.source), destination: compactEndpoint(flow.destination),
    l7: dns && flow.l7 ? { type: flow.l7.type, latencyNs: 0, dns: { ...dns, query: '', ips: [], cnames: [] } } : undefined,
  };
}

/** A flow that only feeds resolver detection: not a policy verdict (event type 129), so never a finding. */
function seedFlow(o: ResolverObservation, name: string | undefined, index: number): Flow {
  const l7 = name === undefined ? o.flow.l7 : { type: o.flow.l7?.type ?? 'RESPONSE', latencyNs: 0, dns: { ...(o.flow.l7?.dns ?? NO_DNS), query: name } };
  return { ...o.flow, uuid: `resolver-seed:${o.key}:${index}`, eventType: 129, verdict: 'FORWARDED', dropReason: '', l7 };
}

export class ResolverContext {
  private readonly entries = new Map<string, ResolverObservation>();
  private readonly dirty = new Set<string>();
  private deleted = new Set<string>();
  private seedCache: Flow[] | undefined;
  private readonly maxEntries: number;
  private readonly maxPerNamespace: number;
  private readonly maxNames: number;

  constructor(options: ResolverContextOptions = {}) {
    this.maxEntries = options.maxEntries ?? 500;
    this.maxPerNamespace = options.maxPerNamespace ?? 64;
    this.maxNames = options.maxNames ?? 8;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Restores persisted observations (newest first wins when over the bounds). */
  load(observations: readonly ResolverObservation[]): void {
    for (const o of observations) if (!this.entries.has(o.key)) this.insert({ ...o, names: o.names.slice(0, this.maxNames) });
    this.dirty.clear();
    this.deleted.clear();
  }

  /** Records a DNS flow; returns false when the flow is not DNS between a pod client and a resolver. */
  observe(flow: Flow): boolean {
    const side = dnsClientSide(flow);
    if (!side) return false;
    const client = side === 'source' ? flow.source : flow.destination;
    if (!client.namespace) return false;
    const resolver = side === 'source' ? flow.destination : flow.source;
    const key = `${endpointKey(client, '')}>${endpointKey(resolver, side === 'source' ? flow.ip.destination : flow.ip.source)}`;
    const query = flow.l7?.dns?.query.toLowerCase();
    const known = this.entries.get(key);
    if (!known) {
      this.insert({ key, namespace: client.namespace, flow: compactFlow(flow), names: query ? [query] : [], flows: 1, lastSeen: flow.time });
    } else {
      known.flows += 1;
      known.lastSeen = Math.max(known.lastSeen, flow.time);
      if (query && !known.names.includes(query) && known.names.length < this.maxNames) {
        known.names.push(query);
        this.seedCache = undefined;
      }
    }
    this.dirty.add(key);
    return true;
  }

  /** Flows to add to a batch's analysis before its verdicts (cached until the observations change). */
  seeds(): Flow[] {
    this.seedCache ??= [...this.entries.values()].flatMap((o) => (o.names.length === 0 ? [seedFlow(o, undefined, 0)] : o.names.map((n, i) => seedFlow(o, n, i))));
    return this.seedCache;
  }

  /** Changes since the last call, to persist in the next batch. */
  takeDirty(): { upserts: ResolverObservation[]; deletes: string[] } {
    const upserts = [...this.dirty].flatMap((key) => {
      const o = this.entries.get(key);
      return o ? [{ ...o, names: [...o.names] }] : [];
    });
    const deletes = [...this.deleted];
    this.dirty.clear();
    this.deleted = new Set();
    return { upserts, deletes };
  }

  /** Marks changes dirty again after a failed batch. */
  restoreDirty(changes: { upserts: readonly ResolverObservation[]; deletes: readonly string[] }): void {
    for (const o of changes.upserts) if (this.entries.has(o.key)) this.dirty.add(o.key);
    for (const key of changes.deletes) if (!this.entries.has(key)) this.deleted.add(key);
  }

  private insert(o: ResolverObservation): void {
    const inNamespace = [...this.entries.values()].filter((e) => e.namespace === o.namespace);
    if (inNamespace.length >= this.maxPerNamespace) this.evictOldest(inNamespace);
    else if (this.entries.size >= this.maxEntries) this.evictOldest([...this.entries.values()]);
    this.entries.set(o.key, o);
    this.deleted.delete(o.key);
    this.seedCache = undefined;
  }

  private evictOldest(candidates: ResolverObservation[]): void {
    const oldest = candidates.reduce((a, b) => (b.lastSeen < a.lastSeen ? b : a));
    this.entries.delete(oldest.key);
    this.dirty.delete(oldest.key);
    this.deleted.add(oldest.key);
  }
}
