import type { SelectorOperator } from './cnp-types';

/** One label of an endpoint, as stored in a {@link LabelIndex}. */
export interface IndexedLabel {
  source: string;
  value: string;
}

/** An endpoint's labels by key (source prefix removed); a key may carry labels of several sources. */
export type LabelIndex = ReadonlyMap<string, readonly IndexedLabel[]>;

/**
 * One compiled selector requirement. `source` is the label source the key was written with (`k8s`, `reserved`,
 * ...) or `any` when the key had no prefix or the `any:` prefix: both match labels of every source (§5).
 */
export interface CompiledRequirement {
  source: string;
  key: string;
  operator: SelectorOperator;
  values: readonly string[];
}

/** A label selector compiled for fast matching: every requirement must hold (an empty list selects all). */
export interface CompiledSelector {
  requirements: readonly CompiledRequirement[];
}

/**
 * Indexes Cilium label strings (`k8s:app=blog`, `reserved:host`) by key for {@link selectorMatches}.
 * A label without a source prefix is indexed with source `unspec`, as Cilium does.
 */
export function indexLabels(labels: readonly string[]): Map<string, IndexedLabel[]> {
  const index = new Map<string, IndexedLabel[]>();
  for (const raw of labels) {
    const eq = raw.indexOf('=');
    const head = eq === -1 ? raw : raw.slice(0, eq);
    const value = eq === -1 ? '' : raw.slice(eq + 1);
    const colon = head.indexOf(':');
    const source = colon === -1 ? 'unspec' : head.slice(0, colon);
    const key = colon === -1 ? head : head.slice(colon + 1);
    const list = index.get(key);
    if (list) list.push({ source, value });
    else index.set(key, [{ source, value }]);
  }
  return index;
}

/** True when every requirement of `selector` holds for the endpoint labels `labels` (Kubernetes semantics). */
export function selectorMatches(selector: CompiledSelector, labels: LabelIndex): boolean {
  for (const requirement of selector.requirements) {
    if (!requirementMatches(requirement, labels)) return false;
  }
  return true;
}

function requirementMatches(requirement: CompiledRequirement, labels: LabelIndex): boolean {
  const entries = labels.get(requirement.key);
  let present = false;
  let inValues = false;
  if (entries) {
    for (const entry of entries) {
      if (requirement.source !== 'any' && entry.source !== requirement.source) continue;
      present = true;
      if (requirement.values.includes(entry.value)) inValues = true;
    }
  }
  switch (requirement.operator) {
    case 'In':
      return inValues;
    case 'NotIn':
      // Kubernetes: NotIn also matches when the key is absent.
      return !inValues;
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
    default:
      // An unknown operator selects nothing rather than everything.
      return false;
  }
}
