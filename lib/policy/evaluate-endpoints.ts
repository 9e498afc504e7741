import type { Endpoint } from '../flow/flow';
import { describeEndpoint, type EndpointInfo } from './selector-entities';

/** A memoised endpoint: its classification plus per-direction slots the evaluator fills lazily. */
export interface EndpointEntry<S> {
  /** Dense id, unique within one cache; used as a key for per-peer caches. */
  id: number;
  info: EndpointInfo;
  ingress?: S;
  egress?: S;
  /** The label list and namespace this entry was built from, to tell apart endpoints sharing an identity. */
  labels: readonly string[];
  namespace: string;
}

/** Interns flow endpoints by (identity, namespace, labels). */
export interface EndpointCache<S> {
  lookup(endpoint: Endpoint): EndpointEntry<S>;
}

/** Options of {@link createEndpointCache}. */
export interface EndpointCacheOptions {
  /** Entries kept before the cache starts over (bounded memory on unbounded input). Default: 50000. */
  maxEntries?: number;
}

/**
 * Creates an endpoint cache. Endpoints are keyed by numeric identity, then compared by namespace and labels:
 * identities are unique per label set in a real cluster, but captures from several clusters and test fixtures
 * may reuse a number for different labels.
 */
export function createEndpointCache<S>(options: EndpointCacheOptions = {}): EndpointCache<S> {
  const maxEntries = options.maxEntries ?? 50000;
  let byIdentity = new Map<number, EndpointEntry<S>[]>();
  let size = 0;
  let nextId = 1;
  return {
    lookup(endpoint) {
      const bucket = byIdentity.get(endpoint.identity);
      if (bucket) {
        for (const entry of bucket) if (sameEndpoint(entry, endpoint)) return entry;
      }
      if (size >= maxEntries) {
        byIdentity = new Map();
        size = 0;
      }
      const entry: EndpointEntry<S> = {
        id: nextId++,
        info: describeEndpoint(endpoint),
        labels: endpoint.labels,
        namespace: endpoint.namespace,
      };
      const list = byIdentity.get(endpoint.identity);
      if (list) list.push(entry);
      else byIdentity.set(endpoint.identity, [entry]);
      size++;
      return entry;
    },
  };
}

function sameEndpoint<S>(entry: EndpointEntry<S>, endpoint: Endpoint): boolean {
  if (entry.namespace !== endpoint.namespace) return false;
  const a = entry.labels;
  const b = endpoint.labels;
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
