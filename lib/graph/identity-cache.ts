import type { Endpoint } from '../flow/flow';
import { fqdnOf, workloadOf, type WorkloadIdentity } from './workload-identity';

/** Options of {@link createIdentityCache}. */
export interface IdentityCacheOptions {
  /** Label priority handed to {@link workloadOf}. Default: its default. */
  labelPriority?: readonly string[];
  /** Entries kept before the cache is emptied and refilled. Default: 20000. */
  maxEntries?: number;
}

/**
 * Memoises {@link workloadOf} by (security identity, pod name), which determine an endpoint's labels and thus
 * its node. World peers split by DNS name are memoised by the raw name. Bounded: when full it starts over.
 */
export interface IdentityCache {
  readonly byIdentity: Map<number, Map<string, WorkloadIdentity>>;
  readonly byName: Map<string, WorkloadIdentity>;
  readonly labelPriority: readonly string[] | undefined;
  readonly maxEntries: number;
  size: number;
}

/** Creates an empty {@link IdentityCache}. */
export function createIdentityCache(options: IdentityCacheOptions = {}): IdentityCache {
  return {
    byIdentity: new Map(),
    byName: new Map(),
    labelPriority: options.labelPriority,
    maxEntries: options.maxEntries ?? 20000,
    size: 0,
  };
}

/**
 * {@link workloadOf} through the cache. `names` are the DNS names of the endpoint's IP (may be empty).
 * Returns the same object for the same endpoint identity, so callers may compare results by reference.
 */
export function cachedWorkloadOf(cache: IdentityCache, endpoint: Endpoint, names: readonly string[]): WorkloadIdentity {
  // NOTE: identity 0 means the identity was masked or unknown; then only namespace/pod name identify the pod,
  // and an endpoint with neither is resolved uncached (its labels are all we have).
  const identity = endpoint.identity;
  if (identity === 0 && endpoint.podName === '') return withNames(cache, workloadOf(endpoint, { labelPriority: cache.labelPriority }), names);
  const podKey = identity === 0 ? `${endpoint.namespace}/${endpoint.podName}` : endpoint.podName;
  let byPod = cache.byIdentity.get(identity);
  let found = byPod?.get(podKey);
  if (found === undefined) {
    if (cache.size >= cache.maxEntries) clear(cache);
    found = workloadOf(endpoint, { labelPriority: cache.labelPriority });
    byPod = cache.byIdentity.get(identity);
    if (byPod === undefined) cache.byIdentity.set(identity, (byPod = new Map()));
    byPod.set(podKey, found);
    cache.size++;
  }
  return withNames(cache, found, names);
}

function withNames(cache: IdentityCache, base: WorkloadIdentity, names: readonly string[]): WorkloadIdentity {
  if (base.kind !== 'world' || names.length === 0) return base;
  const raw = names.length === 1 ? names[0] : smallest(names);
  let found = cache.byName.get(raw);
  if (found === undefined) {
    if (cache.size >= cache.maxEntries) clear(cache);
    const fqdn = fqdnOf([raw]);
    found = { id: `world:${fqdn}`, label: fqdn, kind: 'fqdn', namespace: '', labels: base.labels };
    cache.byName.set(raw, found);
    cache.size++;
  }
  return found;
}

function smallest(names: readonly string[]): string {
  let best = names[0];
  for (let i = 1; i < names.length; i++) if (names[i] < best) best = names[i];
  return best;
}

function clear(cache: IdentityCache): void {
  cache.byIdentity.clear();
  cache.byName.clear();
  cache.size = 0;
}
