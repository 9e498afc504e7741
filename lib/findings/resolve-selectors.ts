import type { PodRef } from './resolve-endpoint';

/** Selectors chosen for every workload of a capture. */
export interface SelectorResolution {
  /** Registry key → selector (bare label keys). */
  selectors: Map<string, Record<string, string>>;
  /** Registry keys whose selector also matches another workload seen in the same namespace. */
  ambiguous: Set<string>;
}

function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/**
 * Chooses each workload's selector: its primary stable label alone, plus the disambiguation labels
 * (`app.kubernetes.io/instance`) when another workload of the namespace shares the primary label.
 * Deterministic: depends only on the set of workloads, not on the order they were seen.
 */
export function resolveSelectors(refs: Iterable<PodRef>): SelectorResolution {
  const refsSeen = [...refs];
  const groups = new Map<string, PodRef[]>();
  const byNamespace = new Map<string, PodRef[]>();
  for (const ref of refsSeen) {
    // No stable label: no selector at all (the finding says so), never a guess from per-pod labels.
    if (ref.unselectable) continue;
    const groupKey = JSON.stringify([ref.namespace, ref.candidates[0]]);
    if (!groups.has(groupKey)) groups.set(groupKey, []);
    if (!byNamespace.has(ref.namespace)) byNamespace.set(ref.namespace, []);
    groups.get(groupKey)!.push(ref);
    byNamespace.get(ref.namespace)!.push(ref);
  }
  const selectors = new Map<string, Record<string, string>>();
  for (const ref of refsSeen) if (ref.unselectable) selectors.set(ref.key, {});
  for (const group of groups.values()) {
    for (const ref of group) {
      const pairs = group.length > 1 ? ref.candidates : ref.candidates.slice(0, 1);
      selectors.set(ref.key, Object.fromEntries(pairs));
    }
  }
  const ambiguous = new Set<string>();
  for (const members of byNamespace.values()) {
    for (const ref of members) {
      const selector = selectors.get(ref.key)!;
      if (members.some((other) => other.key !== ref.key && matches(selector, other.labels))) ambiguous.add(ref.key);
    }
  }
  return { selectors, ambiguous };
}
