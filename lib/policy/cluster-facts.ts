/**
 * Facts about the cluster that change policy verdicts, read from the agent's `cilium-config` ConfigMap when
 * Lockstep can reach Kubernetes, else given by the user (docs/cnp-semantics-additions.md, rules 28 and 31).
 */

/** `allow-localhost` of cilium-config: `auto` (the default) behaves as `always` in Kubernetes mode. */
export type AllowLocalhost = 'auto' | 'always' | 'policy';

export const ALLOW_LOCALHOST_VALUES: readonly AllowLocalhost[] = ['auto', 'always', 'policy'];

/**
 * Where a cluster fact came from, so every number that depends on it can say so. `flows`: policy verdicts from
 * the local host to a pod were recorded, which only `allow-localhost: policy` produces (rule 28).
 */
export type ClusterFactSource = 'cilium-config' | 'user' | 'flows' | 'default';

/** The cluster facts the evaluator uses. */
export interface ClusterFacts {
  /** Default: `always` (what `auto` becomes in Kubernetes mode). */
  allowLocalhost: AllowLocalhost;
  /** `cluster-name` of cilium-config: the `cluster` entity covers only pods of this cluster. Default: `default`. */
  clusterName: string;
  /** Where `allowLocalhost` came from. Default: `default`. */
  allowLocalhostSource?: ClusterFactSource;
}

export const DEFAULT_CLUSTER_FACTS: Readonly<ClusterFacts> = Object.freeze({ allowLocalhost: 'always', clusterName: 'default', allowLocalhostSource: 'default' });

/** The facts with defaults filled in. */
export function resolveClusterFacts(facts: Partial<ClusterFacts> | undefined): ClusterFacts {
  return { ...DEFAULT_CLUSTER_FACTS, ...dropUndefined(facts ?? {}) };
}

/** True when the local host reaches local endpoints whatever the ingress policy says (`auto`/`always`). */
export function localhostAlwaysAllowed(facts: Pick<ClusterFacts, 'allowLocalhost'>): boolean {
  return facts.allowLocalhost !== 'policy';
}

/** Parses a user-given `allow-localhost` value (case-insensitive); undefined when it is not one of the three. */
export function parseAllowLocalhost(value: string | undefined): AllowLocalhost | undefined {
  const lower = value?.trim().toLowerCase();
  return ALLOW_LOCALHOST_VALUES.find((v) => v === lower);
}

/** One line saying which `allow-localhost` value a number was computed with, e.g. for the CLI's stderr. */
export function describeAllowLocalhost(facts: Partial<ClusterFacts> | undefined): string {
  const resolved = resolveClusterFacts(facts);
  const effect = localhostAlwaysAllowed(resolved) ? 'host traffic to local pods is always allowed' : 'host traffic to local pods needs fromEntities: [host]';
  const from = {
    'cilium-config': 'from cilium-config', user: 'set by the user', flows: 'AUDIT/DROPPED verdicts from the host were recorded', default: 'default; not read from the cluster',
  }[resolved.allowLocalhostSource ?? 'default'];
  return `allow-localhost: ${resolved.allowLocalhost} (${from}): ${effect}`;
}

/**
 * Applies the evidence of recorded flows: verdicts from the host to a pod prove `policy` mode, and beat the
 * default (not a value read from cilium-config or set by the user).
 */
export function withLocalhostEvidence(facts: Partial<ClusterFacts> | undefined, hostVerdictSeen: boolean): ClusterFacts {
  const resolved = resolveClusterFacts(facts);
  if (!hostVerdictSeen || (resolved.allowLocalhostSource ?? 'default') !== 'default') return resolved;
  return { ...resolved, allowLocalhost: 'policy', allowLocalhostSource: 'flows' };
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
